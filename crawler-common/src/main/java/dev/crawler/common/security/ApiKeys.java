package dev.crawler.common.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The configured API keys. A presented key is compared with every configured key in constant time:
 * both are hashed first, so neither the position of the first differing character nor the keys'
 * lengths show in the response time.
 */
final class ApiKeys {

  private final List<byte[]> digests;

  ApiKeys(List<String> keys) {
    this.digests = keys.stream().map(ApiKeys::sha256).toList();
  }

  /** The index of the configured key equal to {@code presented}, or -1 if none is. */
  int match(String presented) {
    byte[] digest = sha256(presented);
    int found = -1;
    // No early exit: the time taken does not tell which key matched, or whether one did.
    for (int i = 0; i < digests.size(); i++) {
      if (MessageDigest.isEqual(digests.get(i), digest)) {
        found = i;
      }
    }
    return found;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
