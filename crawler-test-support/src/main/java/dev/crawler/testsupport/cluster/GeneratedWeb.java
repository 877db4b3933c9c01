package dev.crawler.testsupport.cluster;

import dev.crawler.testsupport.web.HostSite;
import dev.crawler.testsupport.web.TestWeb;
import dev.crawler.testsupport.web.UniqueWords;

/**
 * A {@link TestWeb} of any size for cluster tests and benchmarks: {@code hosts} hosts ({@code
 * site1.test}, {@code site2.test}, ...) of {@code pagesPerHost} HTML pages each. A host's pages
 * form a tree of fan-out {@value #FAN_OUT} under its home page, so a breadth-first crawl finds them
 * within a few hops; each home page links to the next host's, the seed is {@code site1.test/}. Each
 * robots.txt disallows {@code /private/}, and each home page links to a page there, which a polite
 * crawler never requests.
 */
public final class GeneratedWeb {

  /** Links from a page to pages further down its host's tree. */
  public static final int FAN_OUT = 4;

  private GeneratedWeb() {}

  /**
   * Starts the web.
   *
   * @param hosts at least 1
   * @param pagesPerHost at least 1, home page included
   */
  public static TestWeb start(int hosts, int pagesPerHost) {
    if (hosts < 1 || pagesPerHost < 1) {
      throw new IllegalArgumentException(
          "a generated web needs at least one host and one page: " + hosts + "x" + pagesPerHost);
    }
    TestWeb.Builder builder = TestWeb.builder();
    for (int h = 1; h <= hosts; h++) {
      int host = h;
      int next = h % hosts + 1;
      builder.host(hostName(host), site -> define(site, host, next, pagesPerHost));
    }
    return builder.seed(hostName(1), "/").start();
  }

  /** {@code site<n>.test}, counting from 1. */
  public static String hostName(int n) {
    return "site" + n + ".test";
  }

  private static void define(HostSite site, int host, int nextHost, int pages) {
    site.robots("User-agent: *\nDisallow: /private/\n");
    site.html("/private/secret", page("Staff only", "not for crawlers", ""));
    for (int p = 0; p < pages; p++) {
      StringBuilder links = new StringBuilder();
      for (int child = FAN_OUT * p + 1; child <= FAN_OUT * p + FAN_OUT && child < pages; child++) {
        links.append(link(path(child), "Page " + child));
      }
      if (p == 0) {
        links.append(link("/private/secret", "Staff only"));
        links.append(
            link(
                "http://" + hostName(nextHost) + ":" + TestWeb.PORT + "/",
                "Site " + nextHost + " home"));
      } else {
        links.append(link("/", "Home"));
      }
      String term = "gridh" + host + "p" + p;
      site.html(
          path(p),
          page(
              "Site " + host + " page " + p,
              "Page "
                  + p
                  + " of site "
                  + host
                  + " mentions "
                  + term
                  + " once. "
                  + UniqueWords.of(host * 10_000 + p, 40),
              links.toString()),
          term);
    }
  }

  private static String path(int page) {
    return page == 0 ? "/" : "/page/" + page;
  }

  private static String link(String href, String text) {
    return "<li><a href=\"" + href + "\">" + text + "</a></li>";
  }

  private static String page(String title, String text, String links) {
    return """
    <!doctype html>
    <html lang="en"><head><meta charset="utf-8"><title>%s</title>
    <meta name="description" content="%s"></head>
    <body><h1>%s</h1><p>%s The workshop sells anvils, rockets and skates to careful
    customers, and writes about every one of them at length.</p><ul>%s</ul></body></html>
    """
        .formatted(title, text, title, text, links);
  }
}
