package dev.crawler.fetcher.http;

import java.util.Locale;

/**
 * The parts of a Content-Type header the crawl uses.
 *
 * @param type the media type without parameters, lower-cased, or null if there was none
 * @param charset the declared charset, or null
 */
public record MediaType(String type, String charset) {

  /** The media type and charset of a Content-Type header value, which may be null. */
  public static MediaType parse(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return new MediaType(null, null);
    }
    String[] parts = contentType.split(";");
    String type = parts[0].strip().toLowerCase(Locale.ROOT);
    String charset = null;
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip();
      int equals = parameter.indexOf('=');
      if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("charset")) {
        charset = unquoted(parameter.substring(equals + 1).strip());
      }
    }
    return new MediaType(type.isEmpty() ? null : type, charset);
  }

  private static String unquoted(String value) {
    String result =
        value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
            ? value.substring(1, value.length() - 1)
            : value;
    return result.isBlank() ? null : result.strip();
  }
}
