package dev.crawler.benchmarks.e2e;

import dev.crawler.testsupport.process.ChildProcess;
import dev.crawler.testsupport.process.FreePorts;
import dev.crawler.testsupport.web.TestWeb;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged standalone crawler ({@code standalone-*-exec.jar}, what {@code ./crawl} runs) as one
 * process: embedded broker, the four services and the Lucene index in one JVM, started with a crawl
 * of the given seeds as {@code ./crawl} would be, and watched through its REST API and metrics on
 * loopback.
 */
final class StandaloneCrawl implements CrawlDeployment {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Duration STARTUP_LIMIT = Duration.ofMinutes(5);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final ChildProcess process;
  private final URI api;
  private final CompletableFuture<Long> exitNanos;
  private String crawlId;

  private StandaloneCrawl(ChildProcess process, URI api) {
    this.process = process;
    this.api = api;
    this.exitNanos =
        ProcessHandle.of(process.pid())
            .map(handle -> handle.onExit().thenApply(exited -> System.nanoTime()))
            .orElseGet(() -> CompletableFuture.completedFuture(System.nanoTime()));
  }

  /**
   * Starts the jar on a crawl of {@code seeds} (scope ANY, at most {@code maxPages} URLs) and
   * returns once the crawl exists.
   *
   * @param jvmOptions the JVM's options, {@code -Xmx} included
   * @param exitWhenDone whether the process exits once the crawl is done ({@code --exit-when-done})
   *     instead of serving until stopped
   */
  static StandaloneCrawl start(
      Path jar,
      TestWeb web,
      List<String> seeds,
      long maxPages,
      Duration delay,
      boolean exitWhenDone,
      List<String> jvmOptions,
      Path workDir)
      throws IOException {
    Files.createDirectories(workDir);
    int port = FreePorts.pick();
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "--data-dir",
            workDir.resolve("data").toString(),
            "--port",
            Integer.toString(port),
            "--allow-private-networks",
            "--scope",
            "ANY",
            "--delay-ms",
            Long.toString(delay.toMillis()),
            "--max-pages",
            Long.toString(maxPages)));
    if (exitWhenDone) {
      command.add("--exit-when-done");
    }
    web.resolveEntries().forEach(entry -> command.addAll(List.of("--resolve", entry)));
    command.addAll(seeds);
    // The API listens on loopback only; the benchmark measures crawling, not authentication.
    Map<String, String> environment = Map.of("CRAWLER_SECURITY_MODE", "none");
    ChildProcess process =
        ChildProcess.start(
            "standalone crawler",
            command,
            environment,
            workDir,
            workDir.resolve("crawl.log"),
            false);
    StandaloneCrawl crawl = new StandaloneCrawl(process, URI.create("http://127.0.0.1:" + port));
    try {
      process.awaitReady(crawl::findCrawl, STARTUP_LIMIT);
    } catch (RuntimeException e) {
      crawl.close();
      throw e;
    }
    return crawl;
  }

  /** Completes with the {@link System#nanoTime()} at which the process exited. */
  CompletableFuture<Long> exitNanos() {
    return exitNanos;
  }

  @Override
  public StageCounts counts() {
    JsonNode crawl = getJson(api.resolve("/api/crawls/" + crawlId));
    JsonNode counters = crawl.get("counters");
    return new StageCounts(
        crawl.get("state").asString(),
        counters.get("fetched").asLong(),
        PrometheusText.sum(api, "crawler_parser_pages_total"),
        counters.get("indexed").asLong());
  }

  @Override
  public Map<String, Long> processes() {
    return Map.of("standalone", process.pid());
  }

  @Override
  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public String logs() {
    return process.logFile().toString();
  }

  @Override
  public void close() {
    process.stop(STOP_GRACE);
  }

  /** The crawl the command line started, once the API answers with it. */
  private boolean findCrawl() {
    try {
      JsonNode crawls = getJson(api.resolve("/api/crawls"));
      if (crawls.isArray() && !crawls.isEmpty()) {
        crawlId = crawls.get(0).get("id").asString();
        return true;
      }
      return false;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private static JsonNode getJson(URI uri) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + uri + " answered " + response.statusCode());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + uri + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
