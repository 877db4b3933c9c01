package dev.crawler.parser.fingerprint;

/**
 * Charikar's SimHash over word shingles: each shingle's 64-bit hash votes on every bit, and the
 * fingerprint keeps the majority. Texts that share most of their shingles get fingerprints that
 * differ in few bits, so near-duplicates are found by Hamming distance (pages within 3 bits of 64
 * are near-duplicates in Manku et al.'s web-scale study). Instances are immutable and thread-safe.
 */
public final class SimHash {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  /** The start of the Thai block, the lowest of the scripts written without spaces below. */
  private static final int FIRST_UNSPACED_SCRIPT_CODE_POINT = 0x0E00;

  private final int shingleSize;

  /**
   * @param shingleSize words per shingle
   */
  public SimHash(int shingleSize) {
    if (shingleSize < 1) {
      throw new IllegalArgumentException("shingleSize must be at least 1, was " + shingleSize);
    }
    this.shingleSize = shingleSize;
  }

  /** The number of bits in which two fingerprints differ: 0 for identical texts, up to 64. */
  public static int distance(long a, long b) {
    return Long.bitCount(a ^ b);
  }

  /**
   * The SimHash of a text. Words are runs of letters and digits; in scripts written without spaces
   * (Han, kana, Thai) every character is a word. A text shorter than one shingle is one shingle; a
   * text without words fingerprints as 0.
   */
  public long of(String text) {
    BitCounts votes = new BitCounts();
    long[] window = new long[shingleSize];
    int words = 0;
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      if (!isLetterOrDigit(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      int end = i + Character.charCount(cp);
      if (!isWrittenWithoutSpaces(cp)) {
        while (end < text.length()) {
          int next = text.codePointAt(end);
          if (!isLetterOrDigit(next) || isWrittenWithoutSpaces(next)) {
            break;
          }
          end += Character.charCount(next);
        }
      }
      window[words % shingleSize] = wordHash(text, i, end);
      words++;
      if (words >= shingleSize) {
        votes.add(shingleHash(window, words));
      }
      i = end;
    }
    if (words > 0 && words < shingleSize) {
      votes.add(shingleHash(window, words));
    }
    return votes.majority();
  }

  /**
   * {@link Character#isLetterOrDigit(int)}, answered without the Unicode tables for ASCII: the
   * check runs on every character of the text.
   */
  private static boolean isLetterOrDigit(int cp) {
    if (cp < 0x80) {
      return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    }
    return Character.isLetterOrDigit(cp);
  }

  private static boolean isWrittenWithoutSpaces(int cp) {
    // Latin, Greek, Cyrillic, Hebrew, Arabic and Indic text (most of the web) comes before the
    // first such script and skips the script lookup, a binary search run on every character.
    if (cp < FIRST_UNSPACED_SCRIPT_CODE_POINT) {
      return false;
    }
    if (Character.isIdeographic(cp)) {
      return true;
    }
    Character.UnicodeScript script = Character.UnicodeScript.of(cp);
    return script == Character.UnicodeScript.HIRAGANA
        || script == Character.UnicodeScript.KATAKANA
        || script == Character.UnicodeScript.THAI;
  }

  /** FNV-1a over the lower-cased characters of one word. */
  private static long wordHash(String text, int start, int end) {
    long hash = FNV_OFFSET;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      // ASCII without the Unicode tables, as for isLetterOrDigit.
      hash ^= c < 0x80 ? (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c) : Character.toLowerCase(c);
      hash *= FNV_PRIME;
    }
    return hash;
  }

  /** The hash of the last {@code min(words, shingleSize)} words, in order, fully mixed. */
  private long shingleHash(long[] window, int words) {
    int length = Math.min(words, shingleSize);
    long hash = 0;
    for (int k = words - length; k < words; k++) {
      hash = hash * GOLDEN_GAMMA + window[k % shingleSize];
    }
    return mix(hash);
  }

  /**
   * MurmurHash3's 64-bit finaliser: every input bit affects every output bit (FNV alone does not).
   */
  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  /**
   * The votes of the shingle hashes: how many hashes have each bit set, out of how many. A loop
   * over the 64 bits of every hash was the largest part of a fingerprint's cost; here eight
   * counters of one byte each are packed in a long, so one shift, mask and addition counts eight
   * bits (bit {@code 8 * b + lane} goes to byte {@code b} of counter {@code lane}), and the byte
   * counters are emptied into ints before they can overflow.
   */
  private static final class BitCounts {

    private static final long LOW_BIT_OF_EVERY_BYTE = 0x0101010101010101L;
    private static final int MAX_PACKED = 255;

    private final long[] packed = new long[Byte.SIZE];
    private final int[] ones = new int[Long.SIZE];
    private int unflushed;
    private int total;

    void add(long hash) {
      for (int lane = 0; lane < Byte.SIZE; lane++) {
        packed[lane] += (hash >>> lane) & LOW_BIT_OF_EVERY_BYTE;
      }
      total++;
      if (++unflushed == MAX_PACKED) {
        flush();
      }
    }

    /** The bits set in more than half of the hashes (more votes for 1 than for 0). */
    long majority() {
      flush();
      long fingerprint = 0;
      for (int bit = 0; bit < Long.SIZE; bit++) {
        if (2L * ones[bit] > total) {
          fingerprint |= 1L << bit;
        }
      }
      return fingerprint;
    }

    private void flush() {
      for (int lane = 0; lane < Byte.SIZE; lane++) {
        for (int b = 0; b < Byte.SIZE; b++) {
          ones[Byte.SIZE * b + lane] += (int) ((packed[lane] >>> (Byte.SIZE * b)) & 0xFF);
        }
        packed[lane] = 0;
      }
      unflushed = 0;
    }
  }
}
