package dev.crawler.fetcher.http;

import org.eclipse.jetty.http.HttpFields;

/**
 * A response as the fetcher keeps it.
 *
 * @param status the HTTP status
 * @param headers the response headers
 * @param body the body after content decoding, at most the cap; empty if it was not wanted
 * @param truncated whether the body went on beyond the cap
 * @param receivedBytes how many body bytes came over the wire
 */
public record HttpReply(
    int status, HttpFields headers, byte[] body, boolean truncated, long receivedBytes) {

  /** A header value, or null. */
  public String header(String name) {
    return headers.get(name);
  }

  /** The Content-Type's media type and charset. */
  public MediaType mediaType() {
    return MediaType.parse(header("Content-Type"));
  }
}
