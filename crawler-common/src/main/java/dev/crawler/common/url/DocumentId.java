package dev.crawler.common.url;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The index document id of a normalised URL: the hex SHA-256 of its UTF-8 bytes. Deriving the id
 * from the URL makes every write idempotent: a redelivered page overwrites its own document.
 */
public final class DocumentId {

  private DocumentId() {}

  /** The document id of a normalised URL. */
  public static String of(String normalizedUrl) {
    return HexFormat.of().formatHex(sha256(normalizedUrl.getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
