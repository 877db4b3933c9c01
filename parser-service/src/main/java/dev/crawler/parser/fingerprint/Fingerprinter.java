package dev.crawler.parser.fingerprint;

import dev.crawler.parser.text.TextCaps;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Computes the {@link ContentFingerprint} of a document's text. The exact hash ignores case and
 * whitespace, so a page re-served with different indentation is still an exact duplicate. Instances
 * are immutable and thread-safe.
 */
public final class Fingerprinter {

  private final SimHash simHash;

  /**
   * @param shingleSize words per SimHash shingle
   */
  public Fingerprinter(int shingleSize) {
    this.simHash = new SimHash(shingleSize);
  }

  /** The fingerprints of a text. */
  public ContentFingerprint of(String text) {
    String normalized = TextCaps.collapseWhitespace(text).toLowerCase(Locale.ROOT);
    return new ContentFingerprint(sha256Hex(normalized), simHash.of(normalized));
  }

  /**
   * The SimHash of a text with every digit read as 0: pages of one template that differ only in
   * numbers (a calendar's dates, a counter, an id) fingerprint alike, which the frontier's trap
   * detection needs and the index must not have (two price lists are not one page).
   */
  public long digitBlindSimhash(String text) {
    String normalized = TextCaps.collapseWhitespace(text).toLowerCase(Locale.ROOT);
    char[] chars = normalized.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      if (chars[i] >= '0' && chars[i] <= '9') {
        chars[i] = '0';
      }
    }
    return simHash.of(new String(chars));
  }

  private static String sha256Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
