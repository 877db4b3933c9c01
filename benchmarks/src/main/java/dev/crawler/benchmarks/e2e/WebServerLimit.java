package dev.crawler.benchmarks.e2e;

import dev.crawler.benchmarks.web.ArticleWeb;
import dev.crawler.testsupport.web.TestWeb;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The machine's first limit: how many pages per second the benchmark's web server serves to a load
 * tool on this machine. {@code wrk} (two threads, {@value #CONNECTIONS} keep-alive connections)
 * asks for every page of the web in turn, each with its own host's {@code Host} header, its two
 * threads connected to two different hosts' loopback addresses. wrk runs on the same cores as the
 * server, as the crawler does.
 */
final class WebServerLimit {

  private static final int THREADS = 2;
  private static final int CONNECTIONS = 64;
  private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
  private static final Pattern NOT_OK = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
  private static final Pattern ERRORS = Pattern.compile("Socket errors:([^\\n]*)");
  private static final Duration WRK_GRACE = Duration.ofSeconds(30);

  /**
   * @param pagesPerSecond requests answered per second in the measured run
   * @param notOk responses that were not 2xx or 3xx (0 when every request found its page)
   * @param socketErrors wrk's socket error line, or "none"
   */
  record Result(double pagesPerSecond, long notOk, String socketErrors) {}

  private WebServerLimit() {}

  /** Fails with how to install wrk when it is missing. */
  static Path wrk() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path candidate = Path.of(dir, "wrk");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "wrk is not installed: run `sudo apt-get install -y wrk` (scripts/bench does when root)");
  }

  /** A warm-up run of half the duration, then the measured run; the request log is cleared. */
  static Result measure(TestWeb web, ArticleWeb articles, Duration duration, Path workDir)
      throws IOException, InterruptedException {
    Path script = workDir.resolve("pages.lua");
    Files.writeString(script, script(web, articles));
    run(web, script, duration.dividedBy(2), workDir);
    Result result = run(web, script, duration, workDir);
    web.requests().clear();
    return result;
  }

  private static Result run(TestWeb web, Path script, Duration duration, Path workDir)
      throws IOException, InterruptedException {
    String address = web.hostAddresses().values().iterator().next();
    List<String> command =
        List.of(
            wrk().toString(),
            "-t" + THREADS,
            "-c" + CONNECTIONS,
            "-d" + Math.max(1, duration.toSeconds()) + "s",
            "-s",
            script.toString(),
            "http://" + address + ":" + web.port() + "/");
    Path output = workDir.resolve("wrk.out");
    Process wrk =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    if (!wrk.waitFor(duration.plus(WRK_GRACE).toMillis(), TimeUnit.MILLISECONDS)) {
      wrk.destroyForcibly();
      throw new IllegalStateException("wrk did not finish within " + duration.plus(WRK_GRACE));
    }
    String text = Files.readString(output, StandardCharsets.UTF_8);
    Matcher rate = REQUESTS_PER_SECOND.matcher(text);
    if (wrk.exitValue() != 0 || !rate.find()) {
      throw new IllegalStateException("wrk failed (exit " + wrk.exitValue() + "):\n" + text);
    }
    Matcher notOk = NOT_OK.matcher(text);
    Matcher errors = ERRORS.matcher(text);
    return new Result(
        Double.parseDouble(rate.group(1)),
        notOk.find() ? Long.parseLong(notOk.group(1)) : 0,
        errors.find() ? errors.group(1).trim() : "none");
  }

  /**
   * A wrk script: each thread connects to another host's address and asks for the pages in the
   * order page 0 of every host, page 1 of every host, ..., from its own starting point.
   */
  private static String script(TestWeb web, ArticleWeb articles) {
    List<String> addresses = new ArrayList<>(web.hostAddresses().values());
    StringBuilder lua = new StringBuilder();
    lua.append("local addresses = {");
    for (int i = 0; i < THREADS; i++) {
      lua.append('"').append(addresses.get(i % addresses.size())).append("\",");
    }
    lua.append("}\n")
        .append("local port = \"")
        .append(web.port())
        .append("\"\n")
        .append("local hosts = ")
        .append(articles.hosts())
        .append("\nlocal pages = ")
        .append(articles.pagesPerHost())
        .append('\n')
        .append(
            """
            local threads = 0
            function setup(thread)
              thread.addr = wrk.lookup(addresses[threads % #addresses + 1], port)[1]
              thread:set("id", threads)
              threads = threads + 1
            end
            local requests = {}
            local next = 0
            function init(args)
              for i = 0, hosts * pages - 1 do
                local host = string.format("site-%03d.test", i % hosts)
                local path = "/p/" .. (math.floor(i / hosts) % pages)
                requests[i + 1] = wrk.format("GET", path, { ["Host"] = host .. ":" .. port })
              end
              next = (id * 7919) % #requests
            end
            function request()
              next = next % #requests + 1
              return requests[next]
            end
            """);
    return lua.toString();
  }
}
