package dev.crawler.testsupport.elasticsearch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Readiness of an Elasticsearch node, asked through {@code /_cluster/health}: the integ-test-zip
 * build has no {@code GET /} handler.
 */
final class ClusterHealth {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private ClusterHealth() {}

  /** Whether the node answers and its cluster is at least yellow. */
  static boolean isUp(URI httpUri) {
    HttpRequest request =
        HttpRequest.newBuilder(
                httpUri.resolve("/_cluster/health?wait_for_status=yellow&timeout=1s"))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
