package dev.crawler.testsupport.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostilePagesTest {

  @Test
  void anInfiniteCalendarUnderAPrefixLinksEveryMonthToItsNeighboursAcrossYears() throws Exception {
    try (TestWeb web =
        TestWeb.builder()
            .host(
                "cal.test",
                site ->
                    site.handlerUnder("/cal/", HostilePages.infiniteCalendar("/cal/"))
                        .html("/cal/about", "<title>About</title>"))
            .start()) {
      RawHttp.Response december = RawHttp.get(web, "cal.test", "/cal/2026/12");
      RawHttp.Response about = RawHttp.get(web, "cal.test", "/cal/about");

      assertThat(december.status()).isEqualTo(200);
      assertThat(december.body())
          .contains("href=\"/cal/2026/11\"")
          .contains("href=\"/cal/2027/01\"");
      assertThat(about.body()).contains("<title>About</title>"); // a defined page wins
    }
  }

  @Test
  void sessionIdLinksNameAFreshSessionInEveryResponse() throws Exception {
    try (TestWeb web =
        TestWeb.builder()
            .host("shop.test", site -> site.handlerUnder("/shop/", HostilePages.sessionIdLinks()))
            .start()) {
      String first = RawHttp.get(web, "shop.test", "/shop/home").body();
      String second = RawHttp.get(web, "shop.test", "/shop/home;jsessionid=abc").body();

      assertThat(first).contains("/shop/home;jsessionid=").contains("/shop/cart?sid=");
      assertThat(second).contains("Items of /shop/home<");
      assertThat(first).isNotEqualTo(second);
    }
  }

  @Test
  void aGzipBombIsSmallOnTheWireAndDeclaredAsGzip() throws Exception {
    long decoded = 50L * 1024 * 1024;
    try (TestWeb web =
        TestWeb.builder()
            .host("bomb.test", site -> site.handler("/bomb", HostilePages.gzipBomb(decoded)))
            .start()) {
      RawHttp.Response bomb = RawHttp.get(web, "bomb.test", "/bomb");

      assertThat(bomb.header("Content-Encoding")).isEqualTo("gzip");
      assertThat(Long.parseLong(bomb.header("Content-Length"))).isLessThan(decoded / 500);
    }
  }
}
