package dev.crawler.parser.links;

import dev.crawler.common.url.UrlNormalizer;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Normalises URLs as pages and sitemaps write them. Before crawler-common's {@link UrlNormalizer}
 * sees a URL, the characters a browser would percent-encode (spaces, controls, non-ASCII and {@code
 * "<>\^`{|}}) are encoded as UTF-8 escapes in everything after the host. crawler-commons 1.5's
 * BasicURLNormalizer garbles a path that needs escaping when a query follows ({@code /café?q=1}
 * becomes {@code /caf%?3%A9?q=1}, which is then dropped), so without this step such links would be
 * lost. The host is left alone, so internationalised domain names still reach the normaliser's IDN
 * handling. Instances are immutable and thread-safe.
 */
public final class LinkNormalizer {

  private static final String UNSAFE_ASCII = "\"<>\\^`{|}";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final UrlNormalizer normalizer;

  /**
   * @param normalizer the crawl's URL normal form
   */
  public LinkNormalizer(UrlNormalizer normalizer) {
    this.normalizer = normalizer;
  }

  /** The normal form of an absolute URL, or empty if it is not a crawlable http(s) URL. */
  public Optional<String> normalize(String absoluteUrl) {
    return absoluteUrl == null ? Optional.empty() : normalizer.normalize(escaped(absoluteUrl));
  }

  /**
   * The normal form of a reference on a page, resolved against the page's base URL as browsers
   * resolve it: ASCII control characters dropped, and a query-only reference ({@code ?page=2})
   * keeping the base's path, as RFC 3986 (section 5.2.2) says and {@code java.net.URL} does not.
   * Empty if it does not resolve to a crawlable http(s) URL.
   *
   * <p>This is what jsoup's {@code absUrl} does, less its cost: {@code absUrl} parses the base
   * again and runs three regular expressions for every link, which made URL resolution the largest
   * part of link extraction; here the base is parsed once per page ({@link #baseOf}).
   *
   * @param base the page's base URL
   * @param reference the attribute value as written
   */
  // URL(URL, String) is deprecated for its leniency, which is the point here: browsers resolve
  // sloppy references (spaces, backslashes) that java.net.URI refuses.
  @SuppressWarnings("deprecation")
  public Optional<String> resolve(URL base, String reference) {
    String cleaned = withoutControlCharacters(reference);
    if (cleaned.startsWith("?")) {
      cleaned = base.getPath() + cleaned;
    }
    try {
      return normalize(new URL(base, cleaned).toExternalForm());
    } catch (MalformedURLException e) {
      return Optional.empty();
    }
  }

  /** A page's base URL, parsed once for all its links; empty if it is not an absolute URL. */
  public static Optional<URL> baseOf(String baseUri) {
    try {
      return Optional.of(URI.create(baseUri).toURL());
    } catch (IllegalArgumentException | MalformedURLException e) {
      return Optional.empty();
    }
  }

  private static String withoutControlCharacters(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < 0x20) {
        StringBuilder out = new StringBuilder(text.length());
        for (int j = 0; j < text.length(); j++) {
          if (text.charAt(j) >= 0x20) {
            out.append(text.charAt(j));
          }
        }
        return out.toString();
      }
    }
    return text;
  }

  /** The URL with unsafe characters after its authority percent-encoded. */
  static String escaped(String url) {
    String trimmed = url.strip();
    int start = afterAuthority(trimmed);
    StringBuilder out = null;
    for (int i = start; i < trimmed.length(); ) {
      int cp = trimmed.codePointAt(i);
      int next = i + Character.charCount(cp);
      if (isUnsafe(cp)) {
        if (out == null) {
          out = new StringBuilder(trimmed.length() + 16).append(trimmed, 0, i);
        }
        for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
          out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        }
      } else if (out != null) {
        out.appendCodePoint(cp);
      }
      i = next;
    }
    return out == null ? trimmed : out.toString();
  }

  private static boolean isUnsafe(int cp) {
    return cp <= 0x20 || cp >= 0x7F || UNSAFE_ASCII.indexOf(cp) >= 0;
  }

  /** The index where the path begins: after {@code scheme://host:port}, or 0 if there is none. */
  private static int afterAuthority(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return 0;
    }
    for (int i = scheme + 3; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        return i;
      }
    }
    return url.length();
  }
}
