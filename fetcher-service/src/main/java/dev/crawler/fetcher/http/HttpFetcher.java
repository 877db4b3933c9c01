package dev.crawler.fetcher.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

/**
 * Sends GETs through the shared, non-blocking Jetty client with the fetcher's timeouts and body
 * cap. Redirects are never followed here: the caller decides what a 3xx means. Bodies are received
 * encoded (the client's own decoders are off) and decoded afterwards under the same cap, which also
 * covers deflate and keeps one place responsible for the size limit. Every completed exchange is
 * also handed to the GET's {@link ExchangeRecorder} as it went over the wire.
 */
public final class HttpFetcher {

  /**
   * A check of a target host before a request is sent; it fails to refuse the host. Needed only
   * where the client does not resolve the target itself (through a proxy).
   */
  @FunctionalInterface
  public interface TargetCheck {
    /** No check: the client's own resolver guards every connection. */
    TargetCheck NONE = host -> CompletableFuture.completedFuture(null);

    CompletableFuture<?> check(String host);
  }

  private final HttpClient client;
  private final Duration idleTimeout;
  private final Duration totalTimeout;
  private final TargetCheck targetCheck;

  /**
   * @param client a started client that does not follow redirects
   * @param idleTimeout the longest silence while waiting for response bytes
   * @param totalTimeout the longest a whole exchange may take
   * @param targetCheck run before every request
   */
  public HttpFetcher(
      HttpClient client, Duration idleTimeout, Duration totalTimeout, TargetCheck targetCheck) {
    this.client = client;
    this.idleTimeout = idleTimeout;
    this.totalTimeout = totalTimeout;
    this.targetCheck = targetCheck;
  }

  /**
   * Sends a GET. The future fails with the transport's exception (a {@link
   * java.util.concurrent.TimeoutException}, {@link java.net.ConnectException}, {@link
   * dev.crawler.fetcher.address.BlockedAddressException} and so on), or with an {@link
   * UnsupportedEncodingException} or {@link IOException} when a wanted body cannot be decoded.
   */
  public CompletableFuture<HttpReply> get(HttpGet get) {
    return targetCheck.check(get.uri().getHost()).thenCompose(checked -> send(get));
  }

  private CompletableFuture<HttpReply> send(HttpGet get) {
    CappedBody body = new CappedBody(get);
    client
        .newRequest(get.uri())
        .method(HttpMethod.GET)
        .timeout(totalTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .idleTimeout(idleTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .onRequestCommit(request -> {
          body.sent(request);
          get.onSent().run();
        })
        .headers(headers -> {
          headers.put(HttpHeader.ACCEPT_ENCODING, ContentDecoding.ACCEPT_ENCODING);
          if (get.etag() != null) {
            headers.put(HttpHeader.IF_NONE_MATCH, get.etag());
          }
          if (get.lastModified() != null) {
            headers.put(HttpHeader.IF_MODIFIED_SINCE, get.lastModified());
          }
        })
        .send(body); // a Response.Listener passed to send() receives every response event
    return body.reply;
  }

  /**
   * Collects at most the cap of a wanted body, and aborts the exchange once the cap is passed (the
   * rest is not worth the bandwidth). All callbacks of one exchange run one after another.
   */
  private static final class CappedBody implements Response.Listener {

    private static final int INITIAL_BUFFER = 8 * 1024;

    private final HttpGet get;
    private final CompletableFuture<HttpReply> reply = new CompletableFuture<>();
    private final CapReached capReached = new CapReached();
    private byte[] buffer = new byte[0];
    private int size;
    private long received;
    private boolean wanted;
    private boolean truncated;
    private Instant sentAt;
    private InetAddress remoteAddress;

    CappedBody(HttpGet get) {
      this.get = get;
    }

    /** Notes when and to which address the request went, for the recorder. */
    void sent(Request request) {
      sentAt = Instant.now();
      Connection connection = request.getConnection();
      if (connection != null
          && connection.getRemoteSocketAddress() instanceof InetSocketAddress address) {
        remoteAddress = address.getAddress();
      }
    }

    @Override
    public void onHeaders(Response response) {
      wanted = get.wantsBody().test(response);
    }

    @Override
    public void onContent(Response response, ByteBuffer content) {
      int length = content.remaining();
      received += length;
      if (!wanted) {
        if (received > get.maxBodyBytes()) {
          response.abort(capReached); // an unwanted body that goes on and on
        }
        return;
      }
      int room = get.maxBodyBytes() - size;
      int take = Math.min(room, length);
      if (size + take > buffer.length) {
        int grown = Math.min(get.maxBodyBytes(), 2 * buffer.length + INITIAL_BUFFER);
        buffer = Arrays.copyOf(buffer, Math.max(size + take, grown));
      }
      content.get(buffer, size, take);
      size += take;
      if (take < length) {
        truncated = true;
        response.abort(capReached);
      }
    }

    @Override
    public void onComplete(Result result) {
      Throwable failure = result.getFailure();
      if (failure != null && failure != capReached) {
        reply.completeExceptionally(failure);
        return;
      }
      Response response = result.getResponse();
      byte[] encoded = Arrays.copyOf(buffer, size);
      record(result.getRequest(), response, encoded);
      try {
        ContentDecoding.Decoded decoded =
            wanted
                ? ContentDecoding.decode(
                    response.getHeaders().get(HttpHeader.CONTENT_ENCODING),
                    encoded,
                    truncated,
                    get.maxBodyBytes())
                : new ContentDecoding.Decoded(new byte[0], false);
        reply.complete(
            new HttpReply(
                response.getStatus(),
                response.getHeaders(),
                decoded.bytes(),
                decoded.truncated(),
                received));
      } catch (UnsupportedEncodingException | IOException | RuntimeException e) {
        reply.completeExceptionally(e);
      }
    }

    private void record(Request request, Response response, byte[] encoded) {
      RawExchange.PayloadKept kept =
          truncated
              ? RawExchange.PayloadKept.CUT_AT_CAP
              : !wanted && received > 0
                  ? RawExchange.PayloadKept.DISCARDED
                  : RawExchange.PayloadKept.WHOLE;
      get.recorder()
          .record(
              new RawExchange(
                  get.uri(),
                  sentAt == null ? Instant.now() : sentAt,
                  remoteAddress,
                  request.getHeaders(),
                  response.getStatus(),
                  response.getReason(),
                  response.getHeaders(),
                  encoded,
                  kept));
    }
  }

  /** Ends an exchange on purpose; recognised by identity, so it never reads as a failure. */
  private static final class CapReached extends Exception {
    CapReached() {
      super("body size cap reached", null, false, false);
    }
  }
}
