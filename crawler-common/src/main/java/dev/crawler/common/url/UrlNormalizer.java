package dev.crawler.common.url;

import crawlercommons.filters.basic.BasicURLNormalizer;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a URL as written into the one form the crawl knows it by, through crawler-commons' {@link
 * BasicURLNormalizer} (lower-case scheme and host, default port dropped, path dot-segments
 * resolved, percent-encoding normalised, fragment dropped, query parameters sorted) with session
 * and tracking parameters removed. Only absolute http and https URLs within the length cap are
 * accepted. Instances are immutable and thread-safe.
 */
public final class UrlNormalizer {

  /** Parameters that identify a visitor or a campaign, never the content. */
  public static final Set<String> DEFAULT_REMOVED_PARAMETERS =
      Set.of(
          "utm_source",
          "utm_medium",
          "utm_campaign",
          "utm_term",
          "utm_content",
          "utm_id",
          "gclid",
          "fbclid",
          "msclkid",
          "jsessionid",
          "phpsessid",
          "sid",
          "sessionid",
          "aspsessionid");

  /** Longer URLs are almost always traps or garbage; browsers and servers choke past this. */
  public static final int DEFAULT_MAX_LENGTH = 2_048;

  /** A path parameter ({@code ;jsessionid=...}): up to the next parameter or segment. */
  private static final Pattern PATH_PARAMETER = Pattern.compile(";([^;=/]*)(?:=[^;/]*)?");

  private final BasicURLNormalizer normalizer;
  private final Set<String> removedPathParameters;
  private final int maxLength;

  /**
   * @param removedParameters query parameter names to drop (matched case-insensitively)
   * @param maxLength the longest URL accepted, after normalisation
   */
  public UrlNormalizer(Collection<String> removedParameters, int maxLength) {
    if (maxLength < 16) {
      throw new IllegalArgumentException("maxLength must be at least 16, was " + maxLength);
    }
    this.normalizer =
        BasicURLNormalizer.newBuilder().queryParamsToRemove(withCases(removedParameters)).build();
    this.removedPathParameters =
        Set.copyOf(removedParameters.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList());
    this.maxLength = maxLength;
  }

  /** A normaliser with the default removed parameters and length cap. */
  public static UrlNormalizer standard() {
    return new UrlNormalizer(DEFAULT_REMOVED_PARAMETERS, DEFAULT_MAX_LENGTH);
  }

  /** The normal form of an absolute URL, or empty if it is not a crawlable http(s) URL. */
  public Optional<String> normalize(String url) {
    if (url == null) {
      return Optional.empty();
    }
    String trimmed = url.strip();
    if (trimmed.isEmpty() || trimmed.length() > maxLength * 4) {
      return Optional.empty();
    }
    String scheme = schemeOf(trimmed);
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      return Optional.empty();
    }
    String normalized = normalizer.filter(withoutRemovedPathParameters(trimmed));
    if (normalized == null || normalized.length() > maxLength || !hasHostAndPort(normalized)) {
      return Optional.empty();
    }
    return Optional.of(normalized);
  }

  /** Whether a URL names a host, and a port a TCP connection can use if it names one. */
  private static boolean hasHostAndPort(String url) {
    try {
      URI uri = new URI(url);
      int port = uri.getPort();
      return uri.getHost() != null
          && !uri.getHost().isEmpty()
          && (port == -1 || (port >= 1 && port <= 65_535));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** The normal form of a reference resolved against a base URL, or empty. */
  public Optional<String> resolve(String base, String reference) {
    if (reference == null || reference.isBlank()) {
      return Optional.empty();
    }
    try {
      return normalize(URI.create(base).resolve(reference.strip()).toString());
    } catch (IllegalArgumentException e) {
      // An unparsable reference; browsers skip such links, and so do we.
      return Optional.empty();
    }
  }

  /** The lower-cased host of an absolute URL, or empty if it has none. */
  public static Optional<String> hostOf(String url) {
    try {
      String host = new URI(url).getHost();
      if (host == null || host.isEmpty()) {
        return Optional.empty();
      }
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      return Optional.of(host.toLowerCase(Locale.ROOT));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /**
   * Drops path parameters named like a removed query parameter: Java servlet containers put the
   * session into the path ({@code /cart;jsessionid=0A1B}), where no query rule sees it, and a fresh
   * session per visit would make every link a new URL.
   */
  private String withoutRemovedPathParameters(String url) {
    int authority = url.indexOf("//");
    int pathStart = authority < 0 ? -1 : url.indexOf('/', authority + 2);
    if (pathStart < 0 || url.indexOf(';', pathStart) < 0) {
      return url;
    }
    int pathEnd = url.length();
    for (char end : new char[] {'?', '#'}) {
      int at = url.indexOf(end, pathStart);
      if (at >= 0 && at < pathEnd) {
        pathEnd = at;
      }
    }
    Matcher parameter = PATH_PARAMETER.matcher(url.substring(pathStart, pathEnd));
    StringBuilder path = new StringBuilder();
    while (parameter.find()) {
      String name = parameter.group(1).toLowerCase(Locale.ROOT);
      parameter.appendReplacement(
          path,
          removedPathParameters.contains(name) ? "" : Matcher.quoteReplacement(parameter.group()));
    }
    parameter.appendTail(path);
    return url.substring(0, pathStart) + path + url.substring(pathEnd);
  }

  private static String schemeOf(String url) {
    int colon = url.indexOf(':');
    return colon <= 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
  }

  private static Set<String> withCases(Collection<String> names) {
    // BasicURLNormalizer matches parameter names exactly; servers disagree on case (JSESSIONID).
    var all = new java.util.HashSet<String>();
    for (String name : names) {
      all.add(name);
      all.add(name.toLowerCase(Locale.ROOT));
      all.add(name.toUpperCase(Locale.ROOT));
    }
    return Set.copyOf(all);
  }
}
