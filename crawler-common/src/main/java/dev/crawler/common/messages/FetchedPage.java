package dev.crawler.common.messages;

import static dev.crawler.common.messages.Checks.copy;
import static dev.crawler.common.messages.Checks.requireNonNegative;
import static dev.crawler.common.messages.Checks.requireNonNull;
import static dev.crawler.common.messages.Checks.requireText;

import java.time.Instant;
import java.util.Map;

/**
 * A fetched response for the parser, on {@code crawl.fetched} keyed by URL.
 *
 * @param crawlId the crawl
 * @param url the requested URL
 * @param depth the link distance from a seed
 * @param status the HTTP status
 * @param headers selected response headers, names lower-cased
 * @param contentType the media type without parameters, lower-cased, or null
 * @param charset the charset the server declared, or null
 * @param body the body bytes, decoded from any content encoding, capped in size
 * @param truncated whether the body was cut at the size cap
 * @param fetchedAt when the fetch finished
 */
public record FetchedPage(
    String crawlId,
    String url,
    int depth,
    int status,
    Map<String, String> headers,
    String contentType,
    String charset,
    byte[] body,
    boolean truncated,
    Instant fetchedAt)
    implements CrawlMessage {

  public FetchedPage {
    requireText(crawlId, "crawlId");
    requireText(url, "url");
    requireNonNegative(depth, "depth");
    headers = copy(headers);
    body = body == null ? new byte[0] : body;
    requireNonNull(fetchedAt, "fetchedAt");
  }

  /** A header value by its lower-case name, or null. */
  public String header(String name) {
    return headers.get(name);
  }
}
