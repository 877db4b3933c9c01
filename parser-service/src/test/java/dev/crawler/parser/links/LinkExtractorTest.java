package dev.crawler.parser.links;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.common.url.UrlNormalizer;
import dev.crawler.parser.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class LinkExtractorTest {

  private static final String PAGE_URL = "https://cdn.example.org/docs/links.html";

  private final LinkExtractor extractor =
      new LinkExtractor(
          new LinkNormalizer(UrlNormalizer.standard()),
          Set.of("nofollow", "ugc", "sponsored"),
          1_000,
          40);

  @Test
  void linksResolveAgainstTheBaseHrefAndAreNormalised() {
    List<OutLink> links = extractor.extract(fixture(), PAGE_URL);

    assertThat(links)
        .extracting(OutLink::url)
        .containsExactly(
            "https://cdn.example.org/docs/page-2.html",
            "https://cdn.example.org/docs/intro.html",
            "https://cdn.example.org/absolute/path?a=1&b=2",
            "https://other.example.com/Page",
            "https://cdn.example.org/docs/image.html",
            "https://cdn.example.org/docs/titled.html",
            "https://cdn.example.org/docs/area.html",
            "https://cdn.example.org/docs/embedded.html");
  }

  @Test
  void framesAndPaginationLinksAreFollowedButOtherLinkRelationsAreNot() {
    String pageUrl = "https://log.example.net/harbour/part-3.html";
    Document document =
        Jsoup.parse(
            new String(Fixtures.bytes("pages/frames.html"), StandardCharsets.UTF_8), pageUrl);

    List<OutLink> links = extractor.extract(document, pageUrl);

    assertThat(links)
        .containsExactly(
            new OutLink("https://log.example.net/harbour/part-2.html", "Part 2"),
            new OutLink("https://log.example.net/harbour/part-4.html", null),
            new OutLink("https://log.example.net/harbour/menu.html", "Log menu"),
            new OutLink("https://log.example.net/harbour/entries/part-3.html", null));
  }

  @Test
  void theFirstAnchorTextOfAUrlWinsTrimmedAndCollapsed() {
    List<OutLink> links = extractor.extract(fixture(), PAGE_URL);

    assertThat(links)
        .filteredOn(link -> link.url().endsWith("/intro.html"))
        .extracting(OutLink::anchor)
        .containsExactly("Introduction to the docs");
  }

  @Test
  void imagesAltTitlesAndAreaAltStandInForMissingAnchorText() {
    List<OutLink> links = extractor.extract(fixture(), PAGE_URL);

    assertThat(links)
        .extracting(OutLink::anchor)
        .contains("Picture of a lighthouse", "Titled link", "Area alt")
        .containsNull();
  }

  @Test
  void skippedRelsNonHttpSchemesStylesheetsAndSelfLinksAreNotFollowed() {
    List<OutLink> links = extractor.extract(fixture(), PAGE_URL);

    assertThat(links)
        .extracting(OutLink::url)
        .noneMatch(url -> url.contains("sponsor") || url.contains("comment"))
        .noneMatch(url -> url.contains("private") || url.contains("style.css"))
        .noneMatch(url -> url.startsWith("mailto") || url.startsWith("ftp"))
        .doesNotContain(PAGE_URL);
  }

  @Test
  void nofollowLinksAreFollowedWhenConfiguredSo() {
    LinkExtractor followingAll =
        new LinkExtractor(new LinkNormalizer(UrlNormalizer.standard()), Set.of(), 1_000, 40);

    assertThat(followingAll.extract(fixture(), PAGE_URL))
        .extracting(OutLink::url)
        .contains(
            "https://cdn.example.org/docs/private.html",
            "https://cdn.example.org/docs/sponsor.html",
            "https://cdn.example.org/docs/comment.html");
  }

  @Test
  void anchorTextIsCapped() {
    String longText = "word ".repeat(100);
    Document document = Jsoup.parse("<a href=\"/x\">" + longText + "</a>", "https://a.test/");

    OutLink link = extractor.extract(document, "https://a.test/").getFirst();

    assertThat(link.anchor()).hasSizeLessThanOrEqualTo(40).startsWith("word word");
  }

  @Test
  void theNumberOfDistinctLinksIsCappedInDocumentOrder() {
    StringBuilder html = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      html.append("<a href=\"/p").append(i).append("\">p").append(i).append("</a>");
      html.append("<a href=\"/p").append(i).append("\">again</a>");
    }
    LinkExtractor capped =
        new LinkExtractor(new LinkNormalizer(UrlNormalizer.standard()), Set.of(), 10, 40);

    List<OutLink> links =
        capped.extract(Jsoup.parse(html.toString(), "https://a.test/"), "https://a.test/");

    assertThat(links).hasSize(10);
    assertThat(links.getFirst()).isEqualTo(new OutLink("https://a.test/p0", "p0"));
    assertThat(links.getLast()).isEqualTo(new OutLink("https://a.test/p9", "p9"));
  }

  @Test
  void sessionParametersAreRemovedAsConfigured() {
    LinkExtractor custom =
        new LinkExtractor(
            new LinkNormalizer(new UrlNormalizer(Set.of("ref"), 2_048)), Set.of(), 1_000, 40);
    Document document =
        Jsoup.parse("<a href=\"/item?id=7&ref=home&utm_source=x\">item</a>", "https://a.test/");

    assertThat(custom.extract(document, "https://a.test/"))
        .extracting(OutLink::url)
        .containsExactly("https://a.test/item?id=7&utm_source=x");
  }

  @Test
  void sloppyHrefsAreRepairedAsBrowsersDo() {
    Document document =
        Jsoup.parse(
            "<a href=\" my page.html \">a</a><a href=\"/caf\u00e9?q=a b\">b</a>"
                + "<a href=\"HTTP://A.TEST:80/x/../y\">c</a>",
            "https://a.test/dir/");

    assertThat(extractor.extract(document, "https://a.test/dir/"))
        .extracting(OutLink::url)
        .containsExactly(
            "https://a.test/dir/my%20page.html",
            "https://a.test/caf%C3%A9?q=a%20b", "http://a.test/y");
  }

  private static Document fixture() {
    return Jsoup.parse(
        new String(Fixtures.bytes("pages/links.html"), StandardCharsets.UTF_8), PAGE_URL);
  }
}
