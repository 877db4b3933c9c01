package dev.crawler.common.messages;

import static dev.crawler.common.messages.Checks.requireNonNegative;
import static dev.crawler.common.messages.Checks.requireNonNull;
import static dev.crawler.common.messages.Checks.requireText;

import java.time.Instant;

/**
 * A URL offered to the frontier for a crawl, on {@code crawl.urls} keyed by its politeness key. The
 * frontier decides whether it is in scope, new and within budget.
 *
 * @param crawlId the crawl it belongs to
 * @param url the normalised absolute http(s) URL
 * @param depth the link distance from a seed (seeds are 0)
 * @param source where it came from
 * @param referrer the page it was found on, or null
 * @param anchor the link's anchor text, or null
 * @param priority a hint from the source (higher first; 0 is normal)
 * @param lastModified when the source says the page last changed (a sitemap's lastmod), or null; a
 *     fetched page that changed since is due for its recrawl at once
 * @param referrerSimhash the SimHash of the referrer's text read with every digit as 0, so that
 *     pages differing only in dates, counters or ids fingerprint alike; null when unknown (a seed,
 *     a sitemap, a redirect, a parser of an older release). The frontier learns traps from it.
 */
public record UrlCandidate(
    String crawlId,
    String url,
    int depth,
    UrlSource source,
    String referrer,
    String anchor,
    int priority,
    Instant lastModified,
    Long referrerSimhash)
    implements CrawlMessage {

  public UrlCandidate {
    requireText(crawlId, "crawlId");
    requireText(url, "url");
    requireNonNegative(depth, "depth");
    requireNonNull(source, "source");
  }

  /** A candidate without its referrer's fingerprint (a redirect, a sitemap entry, a seed). */
  public UrlCandidate(
      String crawlId,
      String url,
      int depth,
      UrlSource source,
      String referrer,
      String anchor,
      int priority,
      Instant lastModified) {
    this(crawlId, url, depth, source, referrer, anchor, priority, lastModified, null);
  }

  /** A seed or injected URL: depth 0, no referrer. */
  public static UrlCandidate seed(String crawlId, String url, UrlSource source) {
    return new UrlCandidate(crawlId, url, 0, source, null, null, 0, null);
  }
}
