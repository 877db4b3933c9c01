package dev.crawler.frontier.traps;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.TreeSet;

/**
 * The template of a URL: its path with the parts that vary from page to page abstracted, and its
 * query reduced to the sorted names of its parameters. {@code /calendar/2026/11/04/} and {@code
 * /calendar/1999/01/01/} are both {@code /calendar/*}{@code /*}{@code /*}; {@code
 * /shop?size=m&color=red} is {@code /shop?color&size}.
 *
 * <p>A segment with a digit (dates, ids, counters, versions) or longer than {@link #LONG_SEGMENT}
 * characters (hashes, tokens) is variable, {@code *}. The first segment stays literal otherwise, as
 * sites put their sections there; deeper literal segments become {@code ~}: a server that answers
 * any path (a soft 404 reached through relative links) generates words, not numbers, and only their
 * depth sets such pages apart. The depth is kept, so an archive and the posts below it are judged
 * apart.
 */
public final class UrlTemplate {

  /** Segments longer than this are tokens rather than words. */
  static final int LONG_SEGMENT = 32;

  private UrlTemplate() {}

  /** The template of a normalised absolute URL; the URL itself if it does not parse. */
  public static String of(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return url;
    }
    StringBuilder template = new StringBuilder();
    String path = uri.getRawPath();
    if (path != null) {
      int depth = 0;
      for (String segment : path.split("/", -1)) {
        if (segment.isEmpty()) {
          continue;
        }
        template.append('/');
        if (isVariable(segment)) {
          template.append('*');
        } else if (depth == 0) {
          template.append(segment);
        } else {
          template.append('~');
        }
        depth++;
      }
      if (path.endsWith("/")) {
        template.append('/');
      }
    }
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty()) {
      TreeSet<String> names = new TreeSet<>();
      for (String parameter : query.split("&")) {
        int equals = parameter.indexOf('=');
        names.add(equals < 0 ? parameter : parameter.substring(0, equals));
      }
      template.append('?').append(String.join("&", names));
    }
    return template.toString();
  }

  private static boolean isVariable(String segment) {
    if (segment.length() > LONG_SEGMENT) {
      return true;
    }
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c >= '0' && c <= '9') {
        return true;
      }
    }
    return false;
  }
}
