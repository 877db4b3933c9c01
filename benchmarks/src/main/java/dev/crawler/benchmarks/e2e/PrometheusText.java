package dev.crawler.benchmarks.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads one counter from a service's {@code /actuator/prometheus}, summed over its tags. */
final class PrometheusText {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private PrometheusText() {}

  /**
   * The sum of every series of {@code metric} (e.g. {@code crawler_parser_pages_total}), or -1 if
   * the endpoint does not answer or lacks the metric.
   */
  static long sum(URI service, String metric) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(service.resolve("/actuator/prometheus"))
                  .timeout(TIMEOUT)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return -1;
      }
      double sum = -1;
      for (String line : response.body().split("\n")) {
        if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
          sum = Math.max(sum, 0) + Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return Math.round(sum);
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
