package dev.crawler.parser.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.common.url.UrlNormalizer;
import dev.crawler.parser.Fixtures;
import dev.crawler.parser.ParserProperties;
import dev.crawler.parser.links.LinkNormalizer;
import java.nio.charset.StandardCharsets;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class HtmlExtractorTest {

  private static final String URL = "https://tales.example.com/stories/fastnet-keepers";

  private final ParserProperties.Limits limits = Fixtures.defaults().limits();
  private final HtmlExtractor extractor =
      new HtmlExtractor(limits, new LinkNormalizer(UrlNormalizer.standard()));

  @Test
  void titleAndDescriptionAreReadWithWhitespaceCollapsed() {
    HtmlContent content = extract("pages/article.html", null);

    assertThat(content.title()).isEqualTo("The Lighthouse Keepers of Fastnet");
    assertThat(content.description())
        .isEqualTo("How the keepers of the Fastnet Rock lived, a century ago.");
  }

  @Test
  void theMainTextComesFromMainAndLeavesOutChromeCodeAndHiddenElements() {
    HtmlContent content = extract("pages/article.html", null);

    assertThat(content.text())
        .startsWith("The Lighthouse Keepers of Fastnet The rock stands four miles")
        .contains("Keepers worked in shifts of four weeks.")
        .contains("Winter storms threw spray over the lantern.")
        .doesNotContain(
            "Coastal Tales Magazine",
            "Home",
            "Sidebar",
            "Copyright",
            "tracking-code",
            "font-family",
            "Hidden promotional",
            "coupon",
            "decorative",
            "Enable JavaScript",
            "Template content");
  }

  @Test
  void headingsAreTheVisibleH1ToH3InDocumentOrder() {
    HtmlContent content = extract("pages/article.html", null);

    assertThat(content.headings())
        .containsExactly("The Lighthouse Keepers of Fastnet", "Daily life", "Storms");
  }

  @Test
  void withoutMainOrArticleTheBodyIsReadWithoutChrome() {
    HtmlContent content = extract("pages/no-main.html", null);

    assertThat(content.text()).isEqualTo("Body text without a main element.");
  }

  @Test
  void theLanguageComesFromTheHtmlLangAttributeFirst() {
    assertThat(extract("pages/article.html", "fr").language()).isEqualTo("en-GB");
  }

  @Test
  void theLanguageFallsBackToTheContentLanguageHeader() {
    assertThat(extract("pages/no-main.html", "de-AT, en").language()).isEqualTo("de-AT");
    assertThat(extract("pages/no-main.html", null).language()).isNull();
  }

  @Test
  void theCanonicalUrlIsResolvedAndNormalised() {
    assertThat(extract("pages/article.html", null).canonical())
        .isEqualTo("https://tales.example.com/stories/fastnet");
  }

  @Test
  void windows1252BytesDeclaredInAMetaTagBecomeTheRightText() {
    HtmlContent content = extract("pages/windows-1252.html", null);

    assertThat(content.title()).isEqualTo("Café crème – “naïve” €5");
    assertThat(content.text()).isEqualTo("François ordered a café crème for €5 — très bien.");
  }

  @Test
  void undeclaredWindows1252BytesAreDetected() {
    HtmlContent content = extract("pages/windows-1252-undeclared.html", null);

    assertThat(content.title()).isEqualTo("Café crème – “naïve” €5");
  }

  @Test
  void shiftJisBytesBecomeTheRightText() {
    HtmlContent content = extract("pages/shift_jis.html", null);

    assertThat(content.title()).isEqualTo("東京の天気");
    assertThat(content.text()).isEqualTo("今日の東京は晴れです。");
    assertThat(content.language()).isEqualTo("ja");
  }

  @Test
  void aUtf8PageWithABomIsReadWithoutTheBom() {
    byte[] page = ("\uFEFF<title>Grüße</title><p>Straße</p>").getBytes(StandardCharsets.UTF_8);

    HtmlContent content = extractor.extract(extractor.parse(page, "windows-1252", URL), null);

    assertThat(content.title()).isEqualTo("Grüße");
    assertThat(content.text()).isEqualTo("Straße");
  }

  @Test
  void fieldsAreCapped() {
    String longWords = "lorem ipsum ".repeat(100_000);
    byte[] page =
        ("<title>"
                + longWords
                + "</title><meta name=description content=\""
                + longWords
                + "\">"
                + "<h1>"
                + longWords
                + "</h1>"
                + "<p>"
                + longWords
                + "</p>")
            .getBytes(StandardCharsets.UTF_8);

    HtmlContent content = extractor.extract(extractor.parse(page, null, URL), null);

    assertThat(content.title()).hasSizeLessThanOrEqualTo(limits.maxTitleChars());
    assertThat(content.description()).hasSizeLessThanOrEqualTo(limits.maxDescriptionChars());
    assertThat(content.headings()).singleElement().asString().hasSizeLessThanOrEqualTo(256);
    assertThat(content.text())
        .hasSizeLessThanOrEqualTo(limits.maxTextChars())
        .hasSizeGreaterThan(limits.maxTextChars() - 20);
  }

  @Test
  void aCappedTextIsCutAtTheCapEvenInsideAWord() {
    String longWords = "lorem ipsum ".repeat(100_000);
    byte[] page = ("<h1>" + longWords + "</h1>").getBytes(StandardCharsets.UTF_8);

    HtmlContent content = extractor.extract(extractor.parse(page, null, URL), null);

    assertThat(content.headings()).containsExactly(longWords.substring(0, 256).strip());
    assertThat(content.text()).isEqualTo(longWords.substring(0, limits.maxTextChars()).strip());
  }

  private HtmlContent extract(String fixture, String contentLanguage) {
    Document document = extractor.parse(Fixtures.bytes(fixture), null, URL);
    return extractor.extract(document, contentLanguage);
  }
}
