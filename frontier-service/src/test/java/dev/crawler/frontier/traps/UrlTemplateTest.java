package dev.crawler.frontier.traps;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlTemplateTest {

  @Test
  void datesIdsAndSessionTokensAreVariableSegments() {
    assertThat(UrlTemplate.of("http://a.test/calendar/2026/11/04/"))
        .isEqualTo(UrlTemplate.of("http://a.test/calendar/1999/01/31/"))
        .isEqualTo("/calendar/*/*/*/");
    assertThat(UrlTemplate.of("http://a.test/s/0f3c9a7b21d84e56/cart"))
        .isEqualTo(UrlTemplate.of("http://a.test/s/99aa/help"))
        .isEqualTo("/s/*/~");
  }

  @Test
  void theFirstSegmentNamesASectionAndDeeperWordsAreOneRunAtAnyDepth() {
    assertThat(UrlTemplate.of("http://a.test/docs/guide/install"))
        .isEqualTo(UrlTemplate.of("http://a.test/docs/reference"))
        .isEqualTo("/docs/~");
    assertThat(UrlTemplate.of("http://a.test/files/alpha/beta/gamma/alpha/"))
        .isEqualTo(UrlTemplate.of("http://a.test/files/beta/"))
        .isEqualTo("/files/~/");
    assertThat(UrlTemplate.of("http://a.test/blog/"))
        .isNotEqualTo(UrlTemplate.of("http://a.test/shop/"));
  }

  @Test
  void anyQueryIsOneTemplateSoFacetCombinationsDoNotSplitIt() {
    assertThat(UrlTemplate.of("http://a.test/catalog?color=red&size=m"))
        .isEqualTo(UrlTemplate.of("http://a.test/catalog?sort=price"))
        .isEqualTo("/catalog?")
        .isNotEqualTo(UrlTemplate.of("http://a.test/catalog"));
  }
}
