package dev.crawler.frontier.scheduling;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.apache.kafka.common.utils.Bytes;

/**
 * Byte keys of the scheduler's stores. RocksDB orders keys as unsigned bytes, so numbers are
 * big-endian (with the sign bit flipped where they may be negative) and text parts end with a zero
 * byte, which no host name or crawl id contains and which sorts before every other byte: a prefix
 * scan of {@code host\0} never reaches {@code host.example\0}.
 */
final class StoreKeys {

  private static final int FINGERPRINT_BYTES = 16;

  private StoreKeys() {}

  /** The first 128 bits of the SHA-256 of a URL: collisions are out of reach at crawl scale. */
  static byte[] fingerprint(String url) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      return Arrays.copyOf(digest, FINGERPRINT_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** {@code crawlId \0 fingerprint(url)}: one URL of one crawl. */
  static Bytes crawlUrl(String crawlId, String url) {
    return new Builder().text(crawlId).bytes(fingerprint(url)).build();
  }

  static Builder builder() {
    return new Builder();
  }

  /** The smallest key greater than every key that starts with {@code prefix}. */
  static Bytes upperBound(Bytes prefix) {
    byte[] bound = Arrays.copyOf(prefix.get(), prefix.get().length + 1);
    Arrays.fill(bound, prefix.get().length, bound.length, (byte) 0xFF);
    return Bytes.wrap(bound);
  }

  /** The epoch-ms time at the head of a time-ordered key. */
  static long timeOf(Bytes key) {
    return ByteBuffer.wrap(key.get()).getLong();
  }

  /** The text after the leading time of a time-ordered key. */
  static String textAfterTime(Bytes key) {
    byte[] bytes = key.get();
    int end = bytes.length;
    if (end > Long.BYTES && bytes[end - 1] == 0) {
      end--;
    }
    return new String(bytes, Long.BYTES, end - Long.BYTES, StandardCharsets.UTF_8);
  }

  /** Appends key parts in order. */
  static final class Builder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

    Builder text(String value) {
      out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
      out.write(0);
      return this;
    }

    Builder time(long epochMs) {
      out.writeBytes(ByteBuffer.allocate(Long.BYTES).putLong(epochMs).array());
      return this;
    }

    /** A signed int in an order-preserving encoding. */
    Builder rank(int rank) {
      out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(rank ^ Integer.MIN_VALUE).array());
      return this;
    }

    Builder sequence(long sequence) {
      out.writeBytes(ByteBuffer.allocate(Long.BYTES).putLong(sequence).array());
      return this;
    }

    Builder bytes(byte[] value) {
      out.writeBytes(value);
      return this;
    }

    Bytes build() {
      return Bytes.wrap(out.toByteArray());
    }
  }
}
