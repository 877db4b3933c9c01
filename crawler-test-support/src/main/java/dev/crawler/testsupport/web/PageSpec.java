package dev.crawler.testsupport.web;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A resource as defined, before the port is known. */
record PageSpec(
    String path, int status, String contentType, byte[] body, String location, String uniqueTerm) {

  private static final Pattern TITLE =
      Pattern.compile("<title>(.*?)</title>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  boolean isHtml() {
    return contentType != null && contentType.startsWith("text/html");
  }

  /** Whether the body is text in which {@link TestWeb#PORT} is replaced. */
  boolean isText() {
    return contentType != null && (contentType.startsWith("text/") || contentType.contains("xml"));
  }

  /** The body as served on {@code port}. */
  byte[] bodyFor(int port) {
    return isText() ? TestWeb.withPort(text(), port).getBytes(StandardCharsets.UTF_8) : body;
  }

  String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  String title() {
    if (!isHtml()) {
      return null;
    }
    Matcher matcher = TITLE.matcher(text());
    return matcher.find() ? matcher.group(1).trim() : null;
  }
}
