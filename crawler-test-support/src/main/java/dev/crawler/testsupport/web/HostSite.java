package dev.crawler.testsupport.web;

import com.sun.net.httpserver.HttpHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one host of a {@link TestWeb} serves: pages, redirects, robots.txt and custom handlers, each
 * at an exact path (query included), plus handlers of whole path spaces (endless generated URLs).
 * Unknown paths get 404.
 *
 * <p>Bodies, robots.txt and redirect targets may contain {@link TestWeb#PORT}, replaced by the port
 * the web is served on, to write absolute URLs such as {@code http://beta.test:{port}/docs/}.
 */
public final class HostSite {

  private final String name;
  private final Map<String, PageSpec> pages = new LinkedHashMap<>();
  private final Map<String, HttpHandler> handlers = new LinkedHashMap<>();
  private final Map<String, HttpHandler> spaces = new LinkedHashMap<>();
  private String robots;
  private Duration latency = Duration.ZERO;

  HostSite(String name) {
    this.name = name;
  }

  /** Serves an HTML page with status 200; its title is read from {@code <title>}. */
  public HostSite html(String path, String html) {
    return html(path, html, null);
  }

  /** Serves an HTML page with status 200 that contains a word no other page contains. */
  public HostSite html(String path, String html, String uniqueTerm) {
    return add(path, 200, "text/html; charset=utf-8", utf8(html), null, uniqueTerm);
  }

  /** Serves a text/plain page with status 200 that contains a word no other page contains. */
  public HostSite text(String path, String body, String uniqueTerm) {
    return add(path, 200, "text/plain; charset=utf-8", utf8(body), null, uniqueTerm);
  }

  /** Serves a text resource with status 200 and the given Content-Type. */
  public HostSite page(String path, String contentType, String body) {
    return page(path, 200, contentType, body);
  }

  /** Serves a text resource with any status (e.g. a 404 or 410 page with a body). */
  public HostSite page(String path, int status, String contentType, String body) {
    return add(path, status, contentType, utf8(body), null, null);
  }

  /** Serves bytes as they are (images, PDFs, compressed bodies); no placeholder replacement. */
  public HostSite page(String path, int status, String contentType, byte[] body) {
    return add(path, status, contentType, body.clone(), null, null);
  }

  /** Answers with a redirect to {@code location} (relative, or absolute with {@code {port}}). */
  public HostSite redirect(String path, int status, String location) {
    if (status < 300 || status > 399) {
      throw new IllegalArgumentException("a redirect status is 3xx, not " + status);
    }
    return add(path, status, null, new byte[0], location, null);
  }

  /** Serves robots.txt; without it the host answers 404, which crawlers read as allow-all. */
  public HostSite robots(String text) {
    this.robots = Objects.requireNonNull(text);
    return this;
  }

  /**
   * Hands a path to a handler of the test's (stalls, trickles, gzip bombs, changing content). The
   * request is still logged; the handler writes the whole response.
   */
  public HostSite handler(String path, HttpHandler handler) {
    checkPath(path);
    handlers.put(path, Objects.requireNonNull(handler));
    return this;
  }

  /**
   * Hands every path that starts with {@code prefix} (query included) to a handler, for URL spaces
   * without end (calendars, session ids); exact paths and pages take precedence, and the longest
   * prefix wins. Such URLs are not in {@link TestWeb#pages()}.
   */
  public HostSite handlerUnder(String prefix, HttpHandler handler) {
    if (!prefix.startsWith("/")) {
      throw new IllegalArgumentException("a path starts with '/': " + prefix);
    }
    if (spaces.putIfAbsent(prefix, Objects.requireNonNull(handler)) != null) {
      throw new IllegalArgumentException(name + prefix + "* is defined twice");
    }
    return this;
  }

  /** Delays every response of this host by {@code latency} (after the request is logged). */
  public HostSite latency(Duration latency) {
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative: " + latency);
    }
    this.latency = latency;
    return this;
  }

  String name() {
    return name;
  }

  Map<String, PageSpec> pages() {
    return pages;
  }

  Map<String, HttpHandler> handlers() {
    return handlers;
  }

  /** The handler of the longest defined prefix of a path, or null. */
  HttpHandler spaceHandler(String pathAndQuery) {
    String longest = null;
    for (String prefix : spaces.keySet()) {
      if (pathAndQuery.startsWith(prefix)
          && (longest == null || prefix.length() > longest.length())) {
        longest = prefix;
      }
    }
    return longest == null ? null : spaces.get(longest);
  }

  String robots() {
    return robots;
  }

  Duration latency() {
    return latency;
  }

  private HostSite add(
      String path,
      int status,
      String contentType,
      byte[] body,
      String location,
      String uniqueTerm) {
    checkPath(path);
    if (path.equals("/robots.txt")) {
      throw new IllegalArgumentException("define robots.txt with robots(text)");
    }
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("not an HTTP status: " + status);
    }
    pages.put(path, new PageSpec(path, status, contentType, body, location, uniqueTerm));
    return this;
  }

  private void checkPath(String path) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("a path starts with '/': " + path);
    }
    if (pages.containsKey(path) || handlers.containsKey(path)) {
      throw new IllegalArgumentException(name + path + " is defined twice");
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
