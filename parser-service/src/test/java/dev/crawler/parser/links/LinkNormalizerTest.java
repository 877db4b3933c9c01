package dev.crawler.parser.links;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.common.url.UrlNormalizer;
import java.net.URL;
import org.junit.jupiter.api.Test;

class LinkNormalizerTest {

  private final LinkNormalizer normalizer = new LinkNormalizer(UrlNormalizer.standard());

  @Test
  void nonAsciiPathsFollowedByAQueryAreKept() {
    assertThat(normalizer.normalize("https://a.test/café?q=1"))
        .contains("https://a.test/caf%C3%A9?q=1");
    assertThat(normalizer.normalize("https://a.test/a b/日本?x=y z"))
        .contains("https://a.test/a%20b/%E6%97%A5%E6%9C%AC?x=y%20z");
  }

  @Test
  void existingEscapesAndSafeUrlsAreUntouched() {
    assertThat(LinkNormalizer.escaped("https://a.test/caf%C3%A9?q=%20"))
        .isEqualTo("https://a.test/caf%C3%A9?q=%20");
    assertThat(LinkNormalizer.escaped(" https://a.test/x ")).isEqualTo("https://a.test/x");
  }

  @Test
  void theHostIsNotEscaped() {
    assertThat(LinkNormalizer.escaped("https://bücher.test/ä"))
        .isEqualTo("https://bücher.test/%C3%A4");
  }

  @Test
  void unsafeAsciiIsEscaped() {
    assertThat(LinkNormalizer.escaped("https://a.test/{x}|\"y\""))
        .isEqualTo("https://a.test/%7Bx%7D%7C%22y%22");
  }

  @Test
  void referencesResolveAgainstTheBaseAsBrowsersResolveThem() {
    URL base = LinkNormalizer.baseOf("https://a.test/docs/page.html?x=1").orElseThrow();

    assertThat(normalizer.resolve(base, "?page=2"))
        .contains("https://a.test/docs/page.html?page=2");
    assertThat(normalizer.resolve(base, "../../../up")).contains("https://a.test/up");
    assertThat(normalizer.resolve(base, "//b.test/z#part")).contains("https://b.test/z");
    assertThat(normalizer.resolve(base, "ne\txt\n.html")).contains("https://a.test/docs/next.html");
    assertThat(normalizer.resolve(base, " my page.html "))
        .contains("https://a.test/docs/my%20page.html");
    assertThat(normalizer.resolve(base, "javascript:void(0)")).isEmpty();
  }

  @Test
  void aBaseThatIsNotAnAbsoluteUrlHasNoParsedForm() {
    assertThat(LinkNormalizer.baseOf("")).isEmpty();
    assertThat(LinkNormalizer.baseOf("docs/page.html")).isEmpty();
  }

  @Test
  void nonHttpUrlsAndNullAreNotCrawlable() {
    assertThat(normalizer.normalize("mailto:someone@a.test")).isEmpty();
    assertThat(normalizer.normalize(null)).isEmpty();
  }
}
