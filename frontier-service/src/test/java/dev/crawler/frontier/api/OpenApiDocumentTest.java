package dev.crawler.frontier.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.frontier.FrontierServiceTest;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest extends FrontierServiceTest {

  @Test
  void describesTheCrawlControlApi() {
    Response document = get("/v3/api-docs");

    assertThat(document.status()).isEqualTo(200);
    assertThat(document.body().path("paths").propertyNames())
        .contains(
            "/api/crawls",
            "/api/crawls/{id}",
            "/api/crawls/{id}/pause",
            "/api/crawls/{id}/resume",
            "/api/crawls/{id}/urls");
    var schemas = document.body().path("components").path("schemas");
    assertThat(schemas.path("CreateCrawlRequest").path("properties").propertyNames())
        .contains("warc", "learnTraps");
    assertThat(schemas.path("CrawlView").path("properties").propertyNames()).contains("warc");
    assertThat(schemas.path("HostView").path("properties").propertyNames())
        .contains("queued", "failed");
  }

  @Test
  void reportsReadinessOnceTheSchedulerRuns() {
    Response readiness = get("/actuator/health/readiness");

    assertThat(readiness.status()).isEqualTo(200);
    assertThat(readiness.body().path("status").asString()).isEqualTo("UP");
  }
}
