package dev.crawler.fetcher.http;

import java.net.URI;
import java.util.function.Predicate;
import org.eclipse.jetty.client.Response;

/**
 * One GET to send.
 *
 * @param uri the absolute URL
 * @param etag a validator for If-None-Match, or null
 * @param lastModified a validator for If-Modified-Since, or null
 * @param maxBodyBytes the most (decoded) body bytes kept
 * @param wantsBody decides from the status and headers whether the body is kept; an unwanted body
 *     is discarded as it arrives
 * @param onSent told when the request's headers were written to the connection, after any name
 *     lookup, connect and TLS handshake
 * @param recorder told of the exchange if it got a response (a WARC archive), or {@link
 *     ExchangeRecorder#NONE}
 */
public record HttpGet(
    URI uri,
    String etag,
    String lastModified,
    int maxBodyBytes,
    Predicate<Response> wantsBody,
    Runnable onSent,
    ExchangeRecorder recorder) {

  /** A GET whose exchange is not recorded. */
  public HttpGet(
      URI uri,
      String etag,
      String lastModified,
      int maxBodyBytes,
      Predicate<Response> wantsBody,
      Runnable onSent) {
    this(uri, etag, lastModified, maxBodyBytes, wantsBody, onSent, ExchangeRecorder.NONE);
  }

  /** An unconditional GET, not recorded. */
  public static HttpGet of(URI uri, int maxBodyBytes, Predicate<Response> wantsBody) {
    return new HttpGet(uri, null, null, maxBodyBytes, wantsBody, () -> {});
  }

  /** This GET, its exchange told to {@code recorder}. */
  public HttpGet recordedBy(ExchangeRecorder recorder) {
    return new HttpGet(uri, etag, lastModified, maxBodyBytes, wantsBody, onSent, recorder);
  }
}
