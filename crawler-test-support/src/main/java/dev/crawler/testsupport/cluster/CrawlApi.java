package dev.crawler.testsupport.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small client of the cluster's REST APIs: the frontier's crawl API (on whichever frontier is up,
 * with the cluster's API key) and the indexer's search API (anonymous, its default).
 */
public final class CrawlApi {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
  private static final int SEARCH_PAGE_SIZE = 100;
  private static final String API_KEY_HEADER = "X-API-Key";

  private final Supplier<URI> frontier;
  private final Supplier<URI> indexer;
  private final String apiKey;

  CrawlApi(Supplier<URI> frontier, Supplier<URI> indexer, String apiKey) {
    this.frontier = frontier;
    this.indexer = indexer;
    this.apiKey = apiKey;
  }

  /**
   * Creates a crawl of everything reachable from the seeds (scope ANY), at most {@code maxDepth}
   * links deep, with at least {@code minDelay} between fetches of a host, and returns its id.
   */
  public String createCrawl(String name, List<String> seeds, int maxDepth, Duration minDelay) {
    ObjectNode body = JSON.createObjectNode();
    body.put("name", name);
    ArrayNode seedArray = body.putArray("seeds");
    seeds.forEach(seedArray::add);
    body.put("scope", "ANY");
    body.put("maxDepth", maxDepth);
    body.put("minDelayMs", minDelay.toMillis());
    return createCrawl(body.toString());
  }

  /**
   * Posts a crawl request (the JSON of {@code POST /api/crawls}) and returns the new crawl's id.
   *
   * @throws IllegalStateException unless the frontier answers 201
   */
  public String createCrawl(String requestJson) {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(frontier.get().resolve("/api/crawls"))
                .header(API_KEY_HEADER, apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(requestJson)));
    if (response.statusCode() != 201) {
      throw new IllegalStateException(
          "POST /api/crawls answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body()).get("id").asString();
  }

  /** The crawl's state and counters now. */
  public CrawlProgress progress(String crawlId) {
    JsonNode crawl =
        json(
            send(
                HttpRequest.newBuilder(frontier.get().resolve("/api/crawls/" + crawlId))
                    .header(API_KEY_HEADER, apiKey)
                    .GET()));
    JsonNode counters = crawl.get("counters");
    return new CrawlProgress(
        crawl.get("id").asString(),
        crawl.get("state").asString(),
        counters.get("discovered").asLong(),
        counters.get("queued").asLong(),
        counters.get("inFlight").asLong(),
        counters.get("fetched").asLong(),
        counters.get("failed").asLong(),
        counters.get("robotsDenied").asLong(),
        counters.get("indexed").asLong());
  }

  /**
   * Polls the crawl until it is FINISHED and returns its final progress; a frontier that is down or
   * restarting meanwhile is polled again.
   *
   * @throws IllegalStateException if it has not finished within {@code timeout} (with the last
   *     progress seen)
   */
  public CrawlProgress awaitFinished(String crawlId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    CrawlProgress last = null;
    RuntimeException lastError = null;
    while (System.nanoTime() < deadline) {
      try {
        last = progress(crawlId);
        if (last.isFinished()) {
          return last;
        }
      } catch (RuntimeException e) {
        lastError = e;
      }
      pause();
    }
    throw new IllegalStateException(
        "crawl " + crawlId + " not finished within " + timeout + "; last progress " + last,
        lastError);
  }

  /**
   * The URLs of every document of a crawl that the indexer's search API returns, page by page, one
   * entry per hit (so a document indexed twice under two ids shows twice).
   */
  public List<String> searchedUrls(String crawlId) {
    List<String> urls = new ArrayList<>();
    for (int page = 1; ; page++) {
      JsonNode hits =
          getJson(
                  indexer
                      .get()
                      .resolve(
                          "/api/search?crawl="
                              + crawlId
                              + "&size="
                              + SEARCH_PAGE_SIZE
                              + "&page="
                              + page))
              .get("hits");
      hits.forEach(hit -> urls.add(hit.get("url").asString()));
      if (hits.size() < SEARCH_PAGE_SIZE) {
        return urls;
      }
    }
  }

  static JsonNode getJson(URI uri) {
    return json(send(HttpRequest.newBuilder(uri).GET()));
  }

  private static JsonNode json(HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          response.request().method()
              + " "
              + response.request().uri()
              + " answered "
              + response.statusCode()
              + ": "
              + response.body());
    }
    return JSON.readTree(response.body());
  }

  static JsonNode postJson(URI uri, String json) {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "POST " + uri + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(
          request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_INTERVAL);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a crawl", e);
    }
  }
}
