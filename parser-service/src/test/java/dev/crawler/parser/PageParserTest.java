package dev.crawler.parser;

import static dev.crawler.parser.Fixtures.page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crawler.common.messages.FetchedPage;
import dev.crawler.common.messages.IndexOp;
import dev.crawler.common.messages.ParsedDocument;
import dev.crawler.common.messages.UrlCandidate;
import dev.crawler.common.messages.UrlSource;
import dev.crawler.parser.ParseOutcome.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PageParserTest {

  private static final String URL =
      "https://Tales.Example.com/stories/fastnet-keepers?utm_source=x";
  private static final String NORMALISED = "https://tales.example.com/stories/fastnet-keepers";

  private final ParserProperties properties = Fixtures.defaults();
  private final PageParser parser = new PageParser(properties);

  @Test
  void anHtmlPageIsUpsertedUnderItsNormalisedUrlWithFingerprints() {
    ParseOutcome outcome =
        parser.parse(page(URL, "text/html", Fixtures.bytes("pages/article.html")));

    assertThat(outcome.kind()).isEqualTo(Kind.HTML);
    IndexOp op = outcome.indexOp();
    assertThat(op.action()).isEqualTo(IndexOp.Action.UPSERT);
    assertThat(op.url()).isEqualTo(NORMALISED);
    ParsedDocument document = op.document();
    assertThat(document.crawlId()).isEqualTo("c1");
    assertThat(document.host()).isEqualTo("tales.example.com");
    assertThat(document.title()).isEqualTo("The Lighthouse Keepers of Fastnet");
    assertThat(document.canonical()).isEqualTo("https://tales.example.com/stories/fastnet");
    assertThat(document.status()).isEqualTo(200);
    assertThat(document.contentHash()).hasSize(64);
    assertThat(document.simhash()).isNotZero();
  }

  @Test
  void anHtmlPageOffersItsLinksOneHopDeeperWithReferrerAndAnchor() {
    ParseOutcome outcome =
        parser.parse(page(URL, "text/html", Fixtures.bytes("pages/article.html")));

    assertThat(outcome.candidates())
        .usingRecursiveFieldByFieldElementComparatorIgnoringFields("referrerSimhash")
        .contains(
            new UrlCandidate(
                "c1", "https://tales.example.com/", 3, UrlSource.LINK, NORMALISED, "Home", 0, null),
            new UrlCandidate(
                "c1",
                "https://tales.example.com/privacy",
                3,
                UrlSource.LINK,
                NORMALISED,
                "Privacy",
                0,
                null));
  }

  @Test
  void linksCarryTheirPagesFingerprintBlindToDigitsSoDatedCopiesOfAPageMatch() {
    String day =
        "<html><body><main><p>Events on %s. No events are listed for this day. The club meets"
            + " on Tuesdays.</p><a href=\"/next\">next</a></main></body></html>";
    String other =
        "<html><body><main><p>The garden society plants roses in spring and prunes them in"
            + " autumn.</p><a href=\"/next\">next</a></main></body></html>";

    Long first = fingerprint(String.format(day, "2026-11-04"));
    Long second = fingerprint(String.format(day, "1999-01-31"));
    Long unrelated = fingerprint(other);

    assertThat(first).isNotNull().isEqualTo(second);
    assertThat(Long.bitCount(first ^ unrelated)).isGreaterThan(6);
  }

  private Long fingerprint(String html) {
    return parser
        .parse(page(URL, "text/html", html.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .candidates()
        .getFirst()
        .referrerSimhash();
  }

  @Test
  void metaNoindexDeletesTheDocumentButFollowsTheLinks() {
    ParseOutcome outcome =
        parser.parse(
            page("https://a.test/members", "text/html", Fixtures.bytes("pages/robots-meta.html")));

    assertThat(outcome.kind()).isEqualTo(Kind.NOINDEX);
    assertThat(outcome.indexOp()).isEqualTo(IndexOp.delete("c1", "https://a.test/members"));
    assertThat(outcome.candidates())
        .extracting(UrlCandidate::url)
        .containsExactly("https://a.test/join");
  }

  @Test
  void xRobotsTagNofollowForOurAgentDropsTheLinksButIndexes() {
    FetchedPage fetched =
        page(
            URL,
            200,
            "text/html",
            Fixtures.bytes("pages/article.html"),
            Map.of("x-robots-tag", "googlebot: noindex, crawler: nofollow"));

    ParseOutcome outcome = parser.parse(fetched);

    assertThat(outcome.kind()).isEqualTo(Kind.HTML);
    assertThat(outcome.indexOp().action()).isEqualTo(IndexOp.Action.UPSERT);
    assertThat(outcome.candidates()).isEmpty();
  }

  @Test
  void xRobotsTagNoindexDeletesAPlainTextPage() {
    FetchedPage fetched =
        page(
            "https://a.test/notes.txt",
            200,
            "text/plain",
            Fixtures.bytes("pages/plain.txt"),
            Map.of("x-robots-tag", "noindex"));

    assertThat(parser.parse(fetched).indexOp().action()).isEqualTo(IndexOp.Action.DELETE);
  }

  @Test
  void goneAndNotFoundDeleteTheDocument() {
    for (int status : new int[] {404, 410}) {
      ParseOutcome outcome = parser.parse(page(URL, status, "text/html", new byte[0], Map.of()));

      assertThat(outcome.kind()).isEqualTo(Kind.GONE);
      assertThat(outcome.indexOp()).isEqualTo(IndexOp.delete("c1", NORMALISED));
    }
  }

  @Test
  void anErrorPageDeletesTheDocumentAndItsLinksAreNotFollowed() {
    ParseOutcome outcome =
        parser.parse(page(URL, 403, "text/html", Fixtures.bytes("pages/article.html"), Map.of()));

    assertThat(outcome.kind()).isEqualTo(Kind.ERROR_PAGE);
    assertThat(outcome.indexOp()).isEqualTo(IndexOp.delete("c1", NORMALISED));
    assertThat(outcome.candidates()).isEmpty();
  }

  @Test
  void transientErrorsAndEmptyResponsesLeaveTheIndexAlone() {
    byte[] errorPage = "<h1>Service unavailable</h1>".getBytes(StandardCharsets.UTF_8);

    assertThat(parser.parse(page(URL, 503, "text/html", errorPage, Map.of())))
        .isEqualTo(new ParseOutcome(Kind.TRANSIENT_ERROR, null, java.util.List.of()));
    assertThat(parser.parse(page(URL, 429, "text/html", errorPage, Map.of())).indexOp()).isNull();
    assertThat(parser.parse(page(URL, 204, null, new byte[0], Map.of())).kind())
        .isEqualTo(Kind.EMPTY);
  }

  @Test
  void aPlainTextPageIsIndexedWithItsFirstLineAsTitle() {
    FetchedPage fetched =
        page(
            "https://a.test/notes.txt",
            200,
            "text/plain",
            Fixtures.bytes("pages/plain.txt"),
            Map.of("content-language", "en"));

    ParsedDocument document = parser.parse(fetched).indexOp().document();

    assertThat(document.title()).isEqualTo("Release notes 4.2");
    assertThat(document.text()).isEqualTo("Release notes 4.2 Fixed the café bug. Improved speed.");
    assertThat(document.language()).isEqualTo("en");
  }

  @Test
  void aPlainTextPageWithoutTextIsTitledByItsUrl() {
    ParseOutcome outcome =
        parser.parse(
            page(
                "https://a.test/empty.txt",
                "text/plain",
                "  \n ".getBytes(StandardCharsets.UTF_8)));

    assertThat(outcome.indexOp().document().title()).isEqualTo("https://a.test/empty.txt");
  }

  @Test
  void aSitemapOffersItsUrlsAsSitemapCandidatesAndIsNotIndexed() {
    ParseOutcome outcome =
        parser.parse(
            page(
                "https://alpha.test/sitemap.xml",
                "application/xml",
                Fixtures.bytes("sitemaps/sitemap.xml")));

    assertThat(outcome.kind()).isEqualTo(Kind.SITEMAP);
    assertThat(outcome.indexOp()).isNull();
    assertThat(outcome.candidates())
        .first()
        .isEqualTo(
            new UrlCandidate(
                "c1",
                "https://alpha.test/",
                3,
                UrlSource.SITEMAP,
                "https://alpha.test/sitemap.xml",
                null,
                10,
                Instant.parse("2026-11-20T10:15:00Z")));
    assertThat(outcome.candidates()).hasSize(3);
  }

  @Test
  void aSitemapIndexOffersItsChildSitemaps() {
    ParseOutcome outcome =
        parser.parse(
            page(
                "https://alpha.test/sitemap_index.xml",
                "text/xml",
                Fixtures.bytes("sitemaps/sitemap-index.xml")));

    assertThat(outcome.candidates())
        .extracting(UrlCandidate::url, UrlCandidate::source)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "https://alpha.test/sitemap-posts.xml.gz", UrlSource.SITEMAP),
            org.assertj.core.groups.Tuple.tuple(
                "https://alpha.test/sitemap-pages.xml", UrlSource.SITEMAP));
  }

  @Test
  void otherMediaTypesAreSkipped() {
    ParseOutcome outcome =
        parser.parse(page("https://a.test/logo.png", "image/png", new byte[] {1, 2, 3}));

    assertThat(outcome.kind()).isEqualTo(Kind.UNSUPPORTED);
    assertThat(outcome.indexOp()).isNull();
  }

  @Test
  void htmlWithoutAContentTypeIsRecognisedByItsFirstBytes() {
    ParseOutcome outcome =
        parser.parse(
            page(
                "https://a.test/",
                null,
                "  <!DOCTYPE html><title>T</title>".getBytes(StandardCharsets.UTF_8)));

    assertThat(outcome.kind()).isEqualTo(Kind.HTML);
  }

  @Test
  void aPageWhoseUrlIsNotCrawlableIsRejected() {
    assertThatThrownBy(() -> parser.parse(page("ftp://a.test/x", "text/html", new byte[0])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a crawlable http(s) URL");
  }

  @Test
  void deeplyNestedMarkupIsParsedInBoundedTime() {
    String html = "<div>".repeat(100_000) + "deep text" + "</div>".repeat(100_000);

    ParseOutcome outcome = parseWithin(html);

    assertThat(outcome.indexOp().document().text()).isEqualTo("deep text");
  }

  @Test
  void aHugeAttributeIsParsedInBoundedTime() {
    String html = "<p title=\"" + "x".repeat(4_000_000) + "\">small text</p>";

    assertThat(parseWithin(html).indexOp().document().text()).isEqualTo("small text");
  }

  @Test
  void aHundredThousandLinksAreCutAtTheCap() {
    StringBuilder html = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      html.append("<a href=/p").append(i).append(">l</a>");
    }

    ParseOutcome outcome = parseWithin(html.toString());

    assertThat(outcome.candidates()).hasSize(properties.links().maxPerPage());
  }

  @Test
  void aBodyBeyondTheByteCapIsCut() {
    int cap = Math.toIntExact(properties.limits().maxBodySize().toBytes());
    String html = "<p>" + "a ".repeat(cap) + "</p><p>TAIL-MARKER</p>";

    ParseOutcome outcome = parseWithin(html);

    assertThat(outcome.indexOp().document().text())
        .doesNotContain("TAIL-MARKER")
        .hasSizeLessThanOrEqualTo(properties.limits().maxTextChars());
  }

  /**
   * Parses within a bound that a linear parse meets with a wide margin even on a loaded machine,
   * and a super-linear one (quadratic in nesting or in links) misses by minutes.
   */
  private ParseOutcome parseWithin(String html) {
    FetchedPage fetched =
        page("https://a.test/", "text/html", html.getBytes(StandardCharsets.UTF_8));
    long start = System.nanoTime();
    ParseOutcome outcome = parser.parse(fetched);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    return outcome;
  }
}
