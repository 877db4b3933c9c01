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

  private static String sha256Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
