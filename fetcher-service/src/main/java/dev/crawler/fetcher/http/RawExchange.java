package dev.crawler.fetcher.http;

import java.net.InetAddress;
import java.net.URI;
import java.time.Instant;
import org.eclipse.jetty.http.HttpFields;

/**
 * One request and its response as they went over the wire, for an archive: the request headers as
 * sent, the response headers and the body as received (still content-encoded; the transfer coding
 * is already undone by the client), and the address connected to.
 *
 * @param uri the requested URL
 * @param sentAt when the request was written to the connection
 * @param remoteAddress the server's address (the proxy's, through a proxy), or null if unknown
 * @param requestHeaders the request headers as sent
 * @param status the response status
 * @param reason the status line's reason phrase
 * @param responseHeaders the response headers
 * @param payload the body bytes kept, as received
 * @param payloadKept how much of the body {@code payload} holds
 */
public record RawExchange(
    URI uri,
    Instant sentAt,
    InetAddress remoteAddress,
    HttpFields requestHeaders,
    int status,
    String reason,
    HttpFields responseHeaders,
    byte[] payload,
    PayloadKept payloadKept) {

  /** How much of a response body was kept. */
  public enum PayloadKept {
    /** All of it. */
    WHOLE,
    /** The body went on beyond the size cap and was cut there. */
    CUT_AT_CAP,
    /** The body was not wanted (a status or media type the crawl does not read) and discarded. */
    DISCARDED
  }
}
