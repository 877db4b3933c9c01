package dev.crawler.standalone.cli;

import dev.crawler.common.messages.Scope;
import dev.crawler.common.url.UrlNormalizer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the arguments of {@code ./crawl [options] URL...}. Options take their value as the next
 * argument or after {@code =}; anything not starting with {@code --} is a seed URL. Every mistake
 * is a {@link UsageException} naming the option, so the command can exit with status 2.
 */
public final class CrawlCommandLine {

  /** The usage text printed by {@code --help}. */
  public static final String USAGE =
      """
      Usage: ./crawl [options] URL...

      Crawls the given sites politely (robots.txt, a delay per host), indexes what it
      finds and serves a search page at http://127.0.0.1:8080/ with the REST API under
      /api (/api/crawls, /api/search) and metrics under /actuator. Without
      --exit-when-done it keeps serving after the crawl until stopped (Ctrl-C).
      With no URL it serves the index of the data directory and resumes any
      unfinished crawl in it; given the URLs of an unfinished crawl, it resumes that
      crawl instead of starting again.

      Crawl options (defaults from crawler.frontier.defaults):
        --max-pages N              most distinct URLs in this crawl (default 10000)
        --max-depth N              most links followed from a seed (default 10)
        --scope S                  HOST, DOMAIN, PREFIX or ANY (default HOST: the
                                   seeds' hosts only)
        --delay-ms N               least milliseconds between two fetches of one host
                                   (default 1000; a longer robots.txt Crawl-delay wins)
        --user-agent UA            User-Agent to send; include a contact URL
        --resolve HOST=IP          fetch HOST from IP, like curl --resolve (repeatable)
        --allow-private-networks   allow fetching loopback and private addresses
                                   (refused by default: server-side request forgery)
        --warc DIR                 keep every request and response (robots.txt too) as
                                   WARC/1.1 files in DIR, each crawl in files named
                                   after it, gzip per record, 1 GB a file; crawls
                                   started from the crawl page are kept too

      Process options:
        --data-dir DIR             the crawl's Kafka log, frontier state and index
                                   (default ./crawl-data)
        --port N                   HTTP port of the search page and API (default 8080;
                                   0 picks a free one)
        --bind ADDR                address to listen on (default 127.0.0.1)
        --api-key KEY              key the crawl API (/api/crawls) requires, in the
                                   X-API-Key header; at least 16 characters. Needed
                                   with a --bind other than loopback (where the API
                                   is open otherwise); CRAWLER_SECURITY_APIKEYS in
                                   the environment works too and stays out of ps
        --exit-when-done           exit once the crawl is finished and indexed,
                                   after printing its summary
        --kafka.bootstrap-servers  use this Kafka instead of the embedded broker
        --elasticsearch.uris       use this Elasticsearch instead of the embedded index
        --verbose                  show the full log on the console, not only progress,
                                   summary and what needs your action (the full log is
                                   always in DATA-DIR/crawl.log)
        --help                     print this help and exit

      Environment: CRAWL_JAVA_OPTS, the JVM options of ./crawl (default -Xmx1g).
      Exit status: 0 done, 1 failed (or the crawl was cancelled), 2 bad options.
      """;

  private static final int DEFAULT_PORT = 8080;

  /**
   * The frontier's limits of a crawl request (crawler.frontier.max-host-delay, limits.max-seeds).
   */
  private static final long MAX_DELAY_MS = 60_000;

  private static final int MAX_SEEDS = 1_000;

  private CrawlCommandLine() {}

  /** The options of a command line. */
  public static CrawlOptions parse(String... args) throws UsageException {
    var parser = new Parsing(args);
    return parser.parse();
  }

  private static final class Parsing {
    private final String[] args;
    private int next;
    private final List<String> seeds = new ArrayList<>();
    private final Map<String, String> resolve = new LinkedHashMap<>();
    private final UrlNormalizer normalizer = UrlNormalizer.standard();
    private Long maxPages;
    private Integer maxDepth;
    private Scope scope;
    private Long delayMs;
    private Path dataDir = Path.of("crawl-data");
    private int port = DEFAULT_PORT;
    private String bind = "127.0.0.1";
    private String apiKey;
    private boolean allowPrivateNetworks;
    private String userAgent;
    private Path warcDir;
    private boolean exitWhenDone;
    private String kafka;
    private String elasticsearch;
    private boolean verbose;
    private boolean help;

    Parsing(String[] args) {
      this.args = args;
    }

    CrawlOptions parse() throws UsageException {
      while (next < args.length) {
        String arg = args[next++];
        if (!arg.startsWith("--")) {
          seeds.add(seed(arg));
          continue;
        }
        int equals = arg.indexOf('=');
        String name = equals < 0 ? arg : arg.substring(0, equals);
        String inline = equals < 0 ? null : arg.substring(equals + 1);
        option(name, inline);
      }
      if (seeds.size() > MAX_SEEDS) {
        throw new UsageException("at most " + MAX_SEEDS + " URLs, not " + seeds.size());
      }
      if (exitWhenDone && seeds.isEmpty()) {
        throw new UsageException("--exit-when-done needs at least one URL to crawl");
      }
      return new CrawlOptions(
          seeds,
          maxPages,
          maxDepth,
          scope,
          delayMs,
          dataDir,
          port,
          bind,
          apiKey,
          resolve,
          allowPrivateNetworks,
          userAgent,
          warcDir,
          exitWhenDone,
          kafka,
          elasticsearch,
          verbose,
          help);
    }

    private void option(String name, String inline) throws UsageException {
      switch (name) {
        case "--max-pages" -> maxPages = number(name, value(name, inline), 1, Long.MAX_VALUE);
        case "--max-depth" -> maxDepth = (int) number(name, value(name, inline), 0, 1_000);
        case "--scope" -> scope = scope(value(name, inline));
        case "--delay-ms" -> delayMs = number(name, value(name, inline), 0, MAX_DELAY_MS);
        case "--data-dir" -> dataDir = Path.of(value(name, inline));
        case "--port" -> port = (int) number(name, value(name, inline), 0, 65_535);
        case "--bind" -> bind = address(name, value(name, inline));
        case "--api-key" -> apiKey = value(name, inline);
        case "--resolve" -> resolveEntry(value(name, inline));
        case "--allow-private-networks" -> allowPrivateNetworks = flag(name, inline);
        case "--user-agent" -> userAgent = value(name, inline);
        case "--warc" -> warcDir = Path.of(value(name, inline));
        case "--exit-when-done" -> exitWhenDone = flag(name, inline);
        case "--kafka.bootstrap-servers" -> kafka = value(name, inline);
        case "--elasticsearch.uris" -> elasticsearch = value(name, inline);
        case "--verbose" -> verbose = flag(name, inline);
        case "--help" -> help = flag(name, inline);
        default -> throw new UsageException("unknown option " + name + " (see --help)");
      }
    }

    private String value(String name, String inline) throws UsageException {
      if (inline != null) {
        if (inline.isBlank()) {
          throw new UsageException(name + " needs a value");
        }
        return inline;
      }
      if (next >= args.length || args[next].startsWith("--")) {
        throw new UsageException(name + " needs a value");
      }
      return args[next++];
    }

    private static boolean flag(String name, String inline) throws UsageException {
      if (inline != null) {
        throw new UsageException(name + " takes no value");
      }
      return true;
    }

    private static long number(String name, String text, long min, long max) throws UsageException {
      try {
        long value = Long.parseLong(text);
        if (value < min || value > max) {
          throw new UsageException(name + " must be between " + min + " and " + max + ": " + text);
        }
        return value;
      } catch (NumberFormatException e) {
        throw new UsageException(name + " needs a whole number, not '" + text + "'");
      }
    }

    private static Scope scope(String text) throws UsageException {
      try {
        return Scope.valueOf(text.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--scope must be HOST, DOMAIN, PREFIX or ANY, not '" + text + "'");
      }
    }

    private String seed(String url) throws UsageException {
      return normalizer
          .normalize(url)
          .orElseThrow(() -> new UsageException("not an http(s) URL to crawl: '" + url + "'"));
    }

    private void resolveEntry(String entry) throws UsageException {
      int equals = entry.indexOf('=');
      if (equals <= 0 || equals == entry.length() - 1) {
        throw new UsageException("--resolve needs HOST=IP, not '" + entry + "'");
      }
      String host = entry.substring(0, equals).toLowerCase(Locale.ROOT);
      resolve.put(host, address("--resolve", entry.substring(equals + 1)));
    }

    private static String address(String name, String text) throws UsageException {
      // Only literals: a name here would be resolved once, at start-up, which is never wanted.
      boolean literal =
          text.indexOf(':') >= 0 || text.chars().allMatch(c -> c == '.' || Character.isDigit(c));
      if (!literal && !text.equals("localhost")) {
        throw new UsageException(name + " needs an IP address, not '" + text + "'");
      }
      try {
        InetAddress.getByName(text);
        return text;
      } catch (UnknownHostException e) {
        throw new UsageException(name + " needs an IP address, not '" + text + "'");
      }
    }
  }
}
