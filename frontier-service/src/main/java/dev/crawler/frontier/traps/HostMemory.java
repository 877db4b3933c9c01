package dev.crawler.frontier.traps;

import java.nio.ByteBuffer;

/**
 * What one crawl saw lately on one host: the fingerprints of its distinct contents, to tell a new
 * page from a near-duplicate, and the pages already counted, since every link of a page arrives
 * with the page's fingerprint and the page must count once. Both are rings of fixed size, so a host
 * costs the same few kilobytes however long it is crawled.
 */
final class HostMemory {

  private static final byte FORMAT = 1;

  private final Ring fingerprints;
  private final Ring pages;

  HostMemory(int rememberedFingerprints, int rememberedPages) {
    this.fingerprints = new Ring(rememberedFingerprints);
    this.pages = new Ring(rememberedPages);
  }

  /** Notes a page by the hash of its URL; false if it was noted lately. */
  boolean firstSight(long pageHash) {
    for (int i = 0; i < pages.size; i++) {
      if (pages.values[i] == pageHash) {
        return false;
      }
    }
    pages.add(pageHash);
    return true;
  }

  /**
   * Whether a page's fingerprint is new content on this host: farther than {@code maxBits} from
   * every remembered one. New fingerprints are remembered; near-duplicates need not be.
   */
  boolean isNovel(long fingerprint, int maxBits) {
    for (int i = 0; i < fingerprints.size; i++) {
      if (Long.bitCount(fingerprints.values[i] ^ fingerprint) <= maxBits) {
        return false;
      }
    }
    fingerprints.add(fingerprint);
    return true;
  }

  byte[] toBytes() {
    ByteBuffer out = ByteBuffer.allocate(sizeOf(fingerprints.values.length, pages.values.length));
    out.put(FORMAT);
    fingerprints.write(out);
    pages.write(out);
    return out.array();
  }

  /** Reads {@link #toBytes()}; a value of other sizes (changed settings) starts afresh. */
  static HostMemory fromBytes(byte[] value, int rememberedFingerprints, int rememberedPages) {
    HostMemory memory = new HostMemory(rememberedFingerprints, rememberedPages);
    if (value == null
        || value.length != sizeOf(rememberedFingerprints, rememberedPages)
        || value[0] != FORMAT) {
      return memory;
    }
    ByteBuffer in = ByteBuffer.wrap(value, 1, value.length - 1);
    memory.fingerprints.read(in);
    memory.pages.read(in);
    return memory;
  }

  private static int sizeOf(int fingerprints, int pages) {
    return 1 + 4 * Integer.BYTES + (fingerprints + pages) * Long.BYTES;
  }

  /** A fixed number of longs, the oldest overwritten first. */
  private static final class Ring {
    private final long[] values;
    private int size;
    private int next;

    Ring(int capacity) {
      values = new long[capacity];
    }

    void add(long value) {
      values[next] = value;
      next = (next + 1) % values.length;
      size = Math.min(size + 1, values.length);
    }

    void write(ByteBuffer out) {
      out.putInt(size).putInt(next);
      for (long value : values) {
        out.putLong(value);
      }
    }

    void read(ByteBuffer in) {
      size = in.getInt();
      next = in.getInt();
      for (int i = 0; i < values.length; i++) {
        values[i] = in.getLong();
      }
    }
  }
}
