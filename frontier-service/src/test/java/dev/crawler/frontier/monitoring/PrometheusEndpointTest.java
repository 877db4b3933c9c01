package dev.crawler.frontier.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.frontier.FrontierServiceTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PrometheusEndpointTest extends FrontierServiceTest {

  @Test
  void exportsTheSchedulersMetersInPrometheusFormat() throws IOException, InterruptedException {
    HttpResponse<String> scrape =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(20))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.body())
        .contains(
            "frontier_urls_queued ",
            "frontier_hosts_ready ",
            "frontier_lease_expiries_total ",
            "frontier_releases_total ",
            "frontier_urls_admitted_total ",
            "frontier_urls_filtered_total{reason=");
  }
}
