package dev.crawler.testsupport.web;

import static dev.crawler.testsupport.web.DefaultSite.ALPHA;
import static dev.crawler.testsupport.web.DefaultSite.BETA;
import static dev.crawler.testsupport.web.DefaultSite.GAMMA;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DefaultSiteTest {

  static TestWeb web;

  @BeforeAll
  static void startWeb() {
    web = TestWeb.startDefault();
  }

  @AfterAll
  static void stopWeb() {
    web.close();
  }

  @Test
  void eachHostIsServedOnItsOwnLoopbackAddressOnOnePort() throws Exception {
    assertThat(web.hostAddresses()).containsOnlyKeys(ALPHA, BETA, GAMMA);
    assertThat(web.hostAddresses().values())
        .doesNotHaveDuplicates()
        .allMatch(ip -> ip.startsWith("127.0."));
    assertThat(web.resolveEntries()).contains(ALPHA + "=" + web.hostAddresses().get(ALPHA));

    for (String host : List.of(ALPHA, BETA, GAMMA)) {
      var home = RawHttp.get(web, host, "/");
      assertThat(home.status()).isEqualTo(200);
      assertThat(home.body())
          .contains("<title>" + web.page(web.url(host, "/")).orElseThrow().title());
    }
  }

  @Test
  void hostHeaderPicksTheSiteWhateverAddressWasDialled() throws Exception {
    var beta = RawHttp.get(web.hostAddresses().get(ALPHA), web.port(), BETA, "/");

    assertThat(beta.body()).contains("<title>Beta Docs Home</title>");
  }

  @Test
  void robotsTxtHasDisallowCrawlDelayAndSitemapWithThePort() throws Exception {
    var alpha = RawHttp.get(web, ALPHA, "/robots.txt");
    var beta = RawHttp.get(web, BETA, "/robots.txt");

    assertThat(alpha.header("Content-Type")).startsWith("text/plain");
    assertThat(alpha.body())
        .contains("Disallow: /private/")
        .contains("Sitemap: http://alpha.test:" + web.port() + "/sitemap.xml");
    assertThat(beta.body()).contains("Crawl-delay: 0.2");
    assertThat(web.crawlDelay(BETA)).isEqualTo(Duration.ofMillis(200));
    assertThat(web.crawlDelay(ALPHA)).isZero();
  }

  @Test
  void redirectsAnswer301WithALocationAndUnknownPathsAnswer404() throws Exception {
    var moved = RawHttp.get(web, ALPHA, "/old-news");
    var missing = RawHttp.get(web, ALPHA, "/missing");
    var unknown = RawHttp.get(web, GAMMA, "/no/such/page");

    assertThat(moved.status()).isEqualTo(301);
    assertThat(moved.header("Location")).isEqualTo("/news/latest");
    assertThat(web.page(web.url(ALPHA, "/old-news")).orElseThrow().redirectTo())
        .isEqualTo(web.url(ALPHA, "/news/latest"));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(unknown.status()).isEqualTo(404);
  }

  @Test
  void everyDefinedResourceIsServedWithItsStatusTypeAndUniqueTerm() throws Exception {
    for (TestPage page : web.pages()) {
      var response = RawHttp.get(web, page.host(), page.path());

      assertThat(response.status()).as(page.url()).isEqualTo(page.status());
      if (page.contentType() != null) {
        assertThat(response.header("Content-Type")).as(page.url()).isEqualTo(page.contentType());
      }
      if (page.uniqueTerm() != null) {
        assertThat(response.body())
            .as(page.url())
            .contains(page.uniqueTerm())
            .contains(DefaultSite.SHARED_TERM);
      }
    }
  }

  @Test
  void uniqueTermsAppearOnExactlyOnePage() throws Exception {
    List<TestPage> withTerms = web.pages().stream().filter(p -> p.uniqueTerm() != null).toList();
    assertThat(withTerms).extracting(TestPage::uniqueTerm).doesNotHaveDuplicates();

    for (TestPage page : withTerms) {
      long pagesWithTerm = 0;
      for (TestPage other : web.pages()) {
        if (RawHttp.get(web, other.host(), other.path()).body().contains(page.uniqueTerm())) {
          pagesWithTerm++;
        }
      }
      assertThat(pagesWithTerm).as(page.uniqueTerm()).isEqualTo(1);
    }
  }

  @Test
  void expectedIndexablePagesAreThoseAPoliteCrawlFromTheSeedIndexes() {
    assertThat(web.seedUrl()).isEqualTo(web.url(ALPHA, "/"));
    assertThat(web.expectedIndexablePages())
        .extracting(p -> p.host() + p.path())
        .containsExactlyInAnyOrder(
            "alpha.test/",
            "alpha.test/about",
            "alpha.test/products/",
            "alpha.test/products/anvil",
            "alpha.test/products/rocket-skates",
            "alpha.test/blog/",
            "alpha.test/blog/first-post",
            "alpha.test/blog/second-post",
            "alpha.test/news/latest",
            "alpha.test/notes.txt",
            "alpha.test/hidden/orphan",
            "beta.test/",
            "beta.test/docs/",
            "beta.test/docs/intro",
            "beta.test/docs/setup",
            "beta.test/partners",
            "gamma.test/",
            "gamma.test/reviews/",
            "gamma.test/reviews/rocket-skates",
            "gamma.test/reviews/anvil");
    assertThat(web.disallowedPages())
        .extracting(p -> p.host() + p.path())
        .containsExactlyInAnyOrder(
            "alpha.test/private/secret", "beta.test/drafts/plan", "gamma.test/admin/");
    assertThat(web.pages())
        .filteredOn(TestPage::onlyViaSitemap)
        .extracting(TestPage::path)
        .containsExactlyInAnyOrder("/sitemap.xml", "/hidden/orphan");
    assertThat(web.pages().size()).isBetween(25, 30);
  }

  @Test
  void requestLogRecordsEveryArrivalWithHostPathMethodAndAgent() throws Exception {
    RawHttp.get(web, GAMMA, "/reviews/?page=2");

    LoggedRequest logged = web.requests().forHost(GAMMA).getLast();
    assertThat(logged.path()).isEqualTo("/reviews/?page=2");
    assertThat(logged.method()).isEqualTo("GET");
    assertThat(logged.userAgent()).isEqualTo("raw-http-test/1.0");
    assertThat(web.requests().count(GAMMA, "/reviews/?page=2")).isEqualTo(1);
    assertThat(web.requests().paths()).contains("gamma.test/reviews/?page=2");
  }
}
