package dev.crawler.frontier.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crawler.common.messages.CrawlJob;
import dev.crawler.frontier.TestSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A crawl's WARC request against what the deployment says its fetchers keep. */
class CrawlRequestValidatorTest {

  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  void aCrawlKeepsNoWarcUnlessItAsks() {
    CrawlJob job = validator(Map.of()).toCrawl(request(null), "c1", NOW);

    assertThat(job.warc()).isFalse();
  }

  @Test
  void aCrawlThatAsksForWarcIsRefusedWhereNoFetcherKeepsWarcFiles() {
    CrawlRequestValidator validator = validator(Map.of());

    assertThatThrownBy(() -> validator.toCrawl(request(true), "c1", NOW))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e ->
                assertThat(e.errors())
                    .singleElement()
                    .satisfies(error -> {
                      assertThat(error.field()).isEqualTo("warc");
                      assertThat(error.message())
                          .contains("keeps no WARC files", "crawler.frontier.warc-available");
                    }));
    assertThat(validator.toCrawl(request(false), "c2", NOW).warc()).isFalse();
  }

  @Test
  void aCrawlThatAsksForWarcGetsItWhereTheFetchersKeepWarcFiles() {
    CrawlRequestValidator validator = validator(Map.of("crawler.frontier.warc-available", "true"));

    assertThat(validator.toCrawl(request(true), "c1", NOW).warc()).isTrue();
    assertThat(validator.toCrawl(request(null), "c2", NOW).warc()).isFalse();
  }

  @Test
  void aDeploymentMayKeepWarcForEveryCrawlThatDoesNotSayOtherwise() {
    CrawlRequestValidator validator =
        validator(
            Map.of(
                "crawler.frontier.warc-available", "true",
                "crawler.frontier.defaults.warc", "true"));

    assertThat(validator.toCrawl(request(null), "c1", NOW).warc()).isTrue();
    assertThat(validator.toCrawl(request(false), "c2", NOW).warc()).isFalse();
  }

  @Test
  void aDefaultOfWarcWithoutFetchersThatKeepItStopsTheStart() {
    assertThatThrownBy(() -> validator(Map.of("crawler.frontier.defaults.warc", "true")))
        .hasStackTraceContaining("crawler.frontier.defaults.warc")
        .hasStackTraceContaining("warc-available");
  }

  private static CrawlRequestValidator validator(Map<String, Object> overrides) {
    return new CrawlRequestValidator(TestSettings.frontier(overrides));
  }

  private static CreateCrawlRequest request(Boolean warc) {
    return new CreateCrawlRequest(
        null,
        List.of("https://example.test/"),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        warc);
  }
}
