package dev.crawler.frontier.traps;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The template of a URL: its path with the parts that vary from page to page abstracted, and its
 * query reduced to whether it has one. {@code /calendar/2026/11/04/} and {@code
 * /calendar/1999/01/01/} are both {@code /calendar/*}{@code /*}{@code /*}{@code /}; {@code
 * /catalog?size=m&color=red} and {@code /catalog?sort=price} are both {@code /catalog?}.
 *
 * <p>A segment with a digit (dates, ids, counters, versions) or longer than {@link #LONG_SEGMENT}
 * characters (hashes, tokens) is variable, {@code *}. The first segment stays literal otherwise, as
 * sites put their sections there; deeper literal segments become {@code ~}, a run of them one
 * {@code ~}: a server that answers any path (a soft 404, a directory listing reached through
 * relative links) generates words at every depth, and those pages must be judged together. Faceted
 * navigation likewise multiplies parameter combinations, so a query's names do not split a
 * template. What keeps real pages apart from a trap beside them is their content: a template is
 * judged by whether its pages bring new content, never by its shape alone.
 */
public final class UrlTemplate {

  /** Segments longer than this are tokens rather than words. */
  static final int LONG_SEGMENT = 32;

  private static final String LITERALS = "/~";

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
      boolean first = true;
      for (String segment : path.split("/", -1)) {
        if (segment.isEmpty()) {
          continue;
        }
        if (isVariable(segment)) {
          template.append("/*");
        } else if (first) {
          template.append('/').append(segment);
        } else if (!endsWithLiterals(template)) {
          template.append(LITERALS);
        }
        first = false;
      }
      if (path.endsWith("/")) {
        template.append('/');
      }
    }
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty()) {
      template.append('?');
    }
    return template.toString();
  }

  private static boolean endsWithLiterals(StringBuilder template) {
    int start = template.length() - LITERALS.length();
    return start >= 0 && template.indexOf(LITERALS, start) == start;
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
