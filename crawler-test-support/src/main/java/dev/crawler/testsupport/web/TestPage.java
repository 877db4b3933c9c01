package dev.crawler.testsupport.web;

/**
 * A resource a {@link TestWeb} serves at a path, with what a crawl of it should make of it.
 *
 * @param url absolute URL, e.g. {@code http://alpha.test:PORT/about}
 * @param host the site's host name
 * @param path path (with query, if any)
 * @param status HTTP status served
 * @param contentType Content-Type served ({@code null} for a bodiless redirect)
 * @param title the HTML {@code <title>}, or {@code null}
 * @param uniqueTerm a word that appears in this page and in no other, or {@code null}
 * @param redirectTo absolute target of a redirect, or {@code null}
 * @param disallowedByRobots whether the host's robots.txt disallows the path (for any crawler that
 *     obeys the {@code *} group)
 * @param reachableFromSeed whether a robots-obeying crawl from the seed finds it through links,
 *     redirects or sitemaps named in robots.txt (a disallowed page is found but never fetched)
 * @param onlyViaSitemap whether it is reachable only through a sitemap, not by links alone
 */
public record TestPage(
    String url,
    String host,
    String path,
    int status,
    String contentType,
    String title,
    String uniqueTerm,
    String redirectTo,
    boolean disallowedByRobots,
    boolean reachableFromSeed,
    boolean onlyViaSitemap) {

  /** Whether a crawler indexes this resource: HTML or plain text served with status 200. */
  public boolean isIndexableContent() {
    return status == 200
        && contentType != null
        && (contentType.startsWith("text/html") || contentType.startsWith("text/plain"));
  }

  /**
   * Whether a robots-obeying crawl from the seed ends with this page in the index: reachable,
   * allowed, indexable content.
   */
  public boolean expectedInIndex() {
    return reachableFromSeed && !disallowedByRobots && isIndexableContent();
  }
}
