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

      Crawls the given sites politely, indexes what it finds and serves search at
      http://127.0.0.1:8080/ and the REST API under /api. With no URL it serves the
      data directory's index and resumes any unfinished crawl in it.

      Options:
        --max-pages N              most pages to fetch in this crawl
        --max-depth N              most links to follow from a seed
        --scope S                  HOST, DOMAIN, PREFIX or ANY (default HOST)
        --delay-ms N               least milliseconds between two fetches of one host
        --data-dir DIR             where the crawl's data lives (default ./crawl-data)
        --port N                   HTTP port of the search page and API (default 8080)
        --bind ADDR                address to listen on (default 127.0.0.1)
        --resolve HOST=IP          fetch HOST from IP, like curl --resolve (repeatable)
        --allow-private-networks   allow fetching private and loopback addresses
        --user-agent UA            User-Agent to send (include a contact URL)
        --exit-when-done           exit once the crawl is finished and indexed
        --kafka.bootstrap-servers  use this Kafka instead of the embedded broker
        --elasticsearch.uris       use this Elasticsearch instead of the embedded index
        --help                     print this help and exit
      """;

  private static final int DEFAULT_PORT = 8080;

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
    private boolean allowPrivateNetworks;
    private String userAgent;
    private boolean exitWhenDone;
    private String kafka;
    private String elasticsearch;
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
          resolve,
          allowPrivateNetworks,
          userAgent,
          exitWhenDone,
          kafka,
          elasticsearch,
          help);
    }

    private void option(String name, String inline) throws UsageException {
      switch (name) {
        case "--max-pages" -> maxPages = number(name, value(name, inline), 1, Long.MAX_VALUE);
        case "--max-depth" -> maxDepth = (int) number(name, value(name, inline), 0, 1_000);
        case "--scope" -> scope = scope(value(name, inline));
        case "--delay-ms" -> delayMs = number(name, value(name, inline), 0, 3_600_000);
        case "--data-dir" -> dataDir = Path.of(value(name, inline));
        case "--port" -> port = (int) number(name, value(name, inline), 0, 65_535);
        case "--bind" -> bind = address(name, value(name, inline));
        case "--resolve" -> resolveEntry(value(name, inline));
        case "--allow-private-networks" -> allowPrivateNetworks = flag(name, inline);
        case "--user-agent" -> userAgent = value(name, inline);
        case "--exit-when-done" -> exitWhenDone = flag(name, inline);
        case "--kafka.bootstrap-servers" -> kafka = value(name, inline);
        case "--elasticsearch.uris" -> elasticsearch = value(name, inline);
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
