package dev.crawler.testsupport.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Handlers that serve what a crawler must survive: endless URL spaces, compression bombs, servers
 * that stall, and bodies far larger than any cap. Every handler is bounded on the server side too
 * (a time limit, a size), so a crawler that misbehaves cannot hang the test web.
 *
 * <p>Used with {@link HostSite#handler} and {@link HostSite#handlerUnder}.
 */
public final class HostilePages {

  private static final Pattern MONTH = Pattern.compile("/(\\d{4})/(\\d{2})$");
  private static final int CHUNK = 64 * 1024;

  private HostilePages() {}

  /**
   * An infinite calendar under {@code prefix} (e.g. {@code /cal/}): {@code <prefix>2026/11} links
   * to the previous and the next month, forever, the classic spider trap that no URL rule can tell
   * from a real archive.
   */
  public static HttpHandler infiniteCalendar(String prefix) {
    return exchange -> {
      Matcher month = MONTH.matcher(exchange.getRequestURI().getRawPath());
      if (!month.find()) {
        sendHtml(exchange, 404, "<html><body>no such month</body></html>");
        return;
      }
      int index = Integer.parseInt(month.group(1)) * 12 + Integer.parseInt(month.group(2)) - 1;
      sendHtml(
          exchange,
          200,
          "<html><head><title>Calendar</title></head><body><p>Events of "
              + monthPath(index)
              + "</p><a href=\""
              + prefix
              + monthPath(index - 1)
              + "\">previous</a> <a href=\""
              + prefix
              + monthPath(index + 1)
              + "\">next</a></body></html>");
    };
  }

  /**
   * Pages whose every link carries a session id fresh per request, both as a path parameter ({@code
   * ;jsessionid=}) and as a query parameter ({@code ?sid=}): without normalisation each response
   * names two URLs never seen before.
   */
  public static HttpHandler sessionIdLinks() {
    return exchange -> {
      String path = exchange.getRequestURI().getRawPath();
      int semicolon = path.indexOf(';');
      String page = semicolon < 0 ? path : path.substring(0, semicolon);
      String session = UUID.randomUUID().toString();
      sendHtml(
          exchange,
          200,
          "<html><head><title>Shop</title></head><body><p>Items of "
              + page
              + "</p><a href=\""
              + page
              + ";jsessionid="
              + session
              + "\">again</a> <a href=\"/shop/cart?sid="
              + session
              + "\">cart</a> <a href=\"/shop/list?sid="
              + session
              + "&amp;sort=price\">list</a></body></html>");
    };
  }

  /**
   * A gzip bomb: an HTML page of {@code decodedBytes} (mostly spaces) that compresses about a
   * thousand to one, served as {@code Content-Encoding: gzip}.
   */
  public static HttpHandler gzipBomb(long decodedBytes) {
    byte[] compressed = gzipOfSpaces(decodedBytes);
    return exchange -> {
      exchange.getResponseHeaders().set("Content-Encoding", "gzip");
      send(exchange, 200, "text/html; charset=utf-8", compressed);
    };
  }

  /**
   * A slowloris response: status and headers at once, then one byte of body every {@code interval},
   * so no read is ever idle for long, until the client hangs up or {@code limit} passes.
   */
  public static HttpHandler trickle(Duration interval, Duration limit) {
    return exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, 0);
      long deadline = System.nanoTime() + limit.toNanos();
      try (OutputStream out = exchange.getResponseBody()) {
        out.write("<html><body>".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        while (System.nanoTime() < deadline) {
          Thread.sleep(interval);
          out.write('.');
          out.flush(); // fails once the client hung up, which ends the handler
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        // The client gave up: what a slowloris server hopes it never does.
      }
    };
  }

  /**
   * A server that accepts the request and never answers: no status line, no headers, until {@code
   * limit} passes; then it closes the connection.
   */
  public static HttpHandler silent(Duration limit) {
    return exchange -> {
      try {
        Thread.sleep(limit);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      // TestWeb closes the exchange, and with it the connection, when the handler returns.
    };
  }

  /**
   * A link farm: one page with {@code links} distinct links to {@code <target>1}, {@code
   * <target>2}, ...
   */
  public static HttpHandler linkFarm(int links, String target) {
    StringBuilder html = new StringBuilder(links * 40);
    html.append("<html><head><title>Links</title></head><body>");
    for (int i = 1; i <= links; i++) {
      html.append("<a href=\"").append(target).append(i).append("\">").append(i).append("</a>\n");
    }
    html.append("</body></html>");
    byte[] body = html.toString().getBytes(StandardCharsets.UTF_8);
    return exchange -> send(exchange, 200, "text/html; charset=utf-8", body);
  }

  /** Bytes as they are, with a status and a Content-Type (binary as text, huge robots.txt). */
  public static HttpHandler bytes(int status, String contentType, byte[] body) {
    byte[] copy = body.clone();
    return exchange -> send(exchange, status, contentType, copy);
  }

  private static String monthPath(int index) {
    return String.format("%04d/%02d", Math.floorDiv(index, 12), Math.floorMod(index, 12) + 1);
  }

  private static byte[] gzipOfSpaces(long decodedBytes) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed, CHUNK)) {
      gzip.write("<html><head><title>Bomb</title></head><body>".getBytes(StandardCharsets.UTF_8));
      byte[] spaces = new byte[CHUNK];
      Arrays.fill(spaces, (byte) ' ');
      for (long written = 0; written < decodedBytes; written += CHUNK) {
        gzip.write(spaces, 0, (int) Math.min(CHUNK, decodedBytes - written));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return compressed.toByteArray();
  }

  private static void sendHtml(HttpExchange exchange, int status, String html) throws IOException {
    send(exchange, status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
