package dev.crawler.testsupport.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
  private static final Pattern CALENDAR_DATE =
      Pattern.compile("/calendar/(\\d{4})/(?:(\\d{2})/(?:(\\d{2})/)?)?");
  private static final Map<String, List<String>> FACETS =
      new TreeMap<>(
          Map.of(
              "color", List.of("red", "green", "blue", "black", "white"),
              "size", List.of("s", "m", "l", "xl"),
              "sort", List.of("price", "name", "newest")));

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
   * An endless calendar under {@code /calendar/}: day pages {@code /calendar/YYYY/MM/DD/} link the
   * previous and next day, their month and their year; month pages link the neighbouring months,
   * their year and every one of their days; year pages link the neighbouring years and their
   * months. Every page is the same text but for its date, as on a real site's empty calendar.
   */
  public static HttpHandler endlessCalendar(String boilerplate) {
    return exchange -> {
      Matcher date = CALENDAR_DATE.matcher(exchange.getRequestURI().getRawPath());
      if (!date.matches()) {
        sendHtml(exchange, 404, "<html><body>no such date</body></html>");
        return;
      }
      int year = Integer.parseInt(date.group(1));
      StringBuilder links = new StringBuilder();
      String heading;
      if (date.group(3) != null) {
        LocalDate day =
            LocalDate.of(year, Integer.parseInt(date.group(2)), Integer.parseInt(date.group(3)));
        heading = "Events on " + day + ". No events are listed for this day.";
        links.append(calendarLink(day.minusDays(1), 3)).append(calendarLink(day.plusDays(1), 3));
        links.append(calendarLink(day, 2)).append(calendarLink(day, 1));
      } else if (date.group(2) != null) {
        LocalDate month = LocalDate.of(year, Integer.parseInt(date.group(2)), 1);
        heading = "Events in " + month.getYear() + "-" + month.getMonthValue() + ".";
        links
            .append(calendarLink(month.minusMonths(1), 2))
            .append(calendarLink(month.plusMonths(1), 2));
        links.append(calendarLink(month, 1));
        for (int d = 0; d < month.lengthOfMonth(); d++) {
          links.append(calendarLink(month.plusDays(d), 3));
        }
      } else {
        LocalDate first = LocalDate.of(year, 1, 1);
        heading = "Events in " + year + ".";
        links
            .append(calendarLink(first.minusYears(1), 1))
            .append(calendarLink(first.plusYears(1), 1));
        for (int m = 0; m < 12; m++) {
          links.append(calendarLink(first.plusMonths(m), 2));
        }
      }
      sendHtml(exchange, 200, page("Calendar", heading + " " + boilerplate, links.toString()));
    };
  }

  /**
   * Faceted navigation under {@code /catalog}: the same products filtered by {@code color}, {@code
   * size} and {@code sort}, each page linking every other choice of every facet, so the
   * combinations multiply; the listing barely changes from one to the next.
   */
  public static HttpHandler facetedCatalog(String boilerplate) {
    return exchange -> {
      Map<String, String> chosen = new TreeMap<>();
      String query = exchange.getRequestURI().getRawQuery();
      if (query != null) {
        for (String parameter : query.split("&")) {
          String[] pair = parameter.split("=", 2);
          if (pair.length == 2 && FACETS.containsKey(pair[0])) {
            chosen.put(pair[0], pair[1]);
          }
        }
      }
      StringBuilder links = new StringBuilder();
      for (Map.Entry<String, List<String>> facet : FACETS.entrySet()) {
        for (String value : facet.getValue()) {
          Map<String, String> next = new TreeMap<>(chosen);
          next.put(facet.getKey(), value);
          StringBuilder href = new StringBuilder("/catalog?");
          next.forEach((k, v) -> href.append(k).append('=').append(v).append("&amp;"));
          href.setLength(href.length() - "&amp;".length());
          links.append("<a href=\"").append(href).append("\">").append(value).append("</a> ");
        }
      }
      sendHtml(
          exchange,
          200,
          page(
              "Catalog",
              "Filtered by "
                  + chosen.values()
                  + ". Garden chair, kitchen scale, travel mug,"
                  + " rain jacket, reading lamp and picnic blanket. "
                  + boilerplate,
              links.toString()));
    };
  }

  /**
   * A directory listing under {@code /files/} for any path, whose relative links to {@code alpha/},
   * {@code beta/} and {@code gamma/} go one level deeper without end.
   */
  public static HttpHandler deepListing() {
    return exchange ->
        sendHtml(
            exchange,
            200,
            "<html><head><title>Index of "
                + exchange.getRequestURI().getRawPath()
                + "</title></head><body><h1>Directory listing</h1><pre><a href=\"../\">Parent"
                + " directory</a>\n<a href=\"alpha/\">alpha/</a>\n<a href=\"beta/\">beta/</a>\n"
                + "<a href=\"gamma/\">gamma/</a></pre></body></html>");
  }

  /**
   * A soft 404: any path answers 200 with the same "not found" page, whose relative links lead to
   * more paths that do not exist.
   */
  public static HttpHandler softNotFound(String boilerplate) {
    return exchange ->
        sendHtml(
            exchange,
            200,
            "<html><head><title>Not found: "
                + exchange.getRequestURI().getRawPath()
                + "</title></head><body><main><h1>Sorry</h1><p>We could not find that page. "
                + boilerplate
                + "</p><a href=\"search/\">search</a> <a href=\"contact/\">contact</a>"
                + " <a href=\"news/\">news</a> <a href=\"/\">home</a></main></body></html>");
  }

  /**
   * A members' area under {@code /s/<session>/<page>} whose every link carries a fresh session id
   * as a path segment, which no parameter rule removes.
   */
  public static HttpHandler sessionPath(String boilerplate) {
    return exchange -> {
      String path = exchange.getRequestURI().getRawPath();
      String page = path.substring(path.lastIndexOf('/') + 1);
      StringBuilder links = new StringBuilder();
      for (String target : List.of("catalog", "cart", "help")) {
        String session = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        links.append("<a href=\"/s/").append(session).append('/').append(target).append("\">");
        links.append(target).append("</a> ");
      }
      sendHtml(
          exchange,
          200,
          page("Members", "Members area, " + page + ". " + boilerplate, links.toString()));
    };
  }

  private static String calendarLink(LocalDate date, int parts) {
    String path =
        switch (parts) {
          case 1 -> String.format("/calendar/%04d/", date.getYear());
          case 2 -> String.format("/calendar/%04d/%02d/", date.getYear(), date.getMonthValue());
          default ->
              String.format(
                  "/calendar/%04d/%02d/%02d/",
                  date.getYear(), date.getMonthValue(), date.getDayOfMonth());
        };
    return "<a href=\"" + path + "\">" + path + "</a> ";
  }

  private static String page(String title, String text, String links) {
    return "<html><head><title>"
        + title
        + "</title></head><body><main><p>"
        + text
        + "</p>"
        + links
        + "</main></body></html>";
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
