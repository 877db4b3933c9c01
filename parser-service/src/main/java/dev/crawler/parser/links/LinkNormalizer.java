package dev.crawler.parser.links;

import dev.crawler.common.url.UrlNormalizer;
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
