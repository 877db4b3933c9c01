package dev.crawler.testsupport.web;

/**
 * Words that only one page of a test web has, in letters only. The crawler learns a URL template
 * whose pages are near-copies of each other as a trap, by a fingerprint that ignores digits: pages
 * that differ only in a number would be refused after a few. Text from these words keeps every
 * generated page new content.
 */
public final class UniqueWords {

  private UniqueWords() {}

  /** {@code count} words unique to {@code page} (a non-negative number), space-separated. */
  public static String of(int page, int count) {
    StringBuilder text = new StringBuilder();
    for (int word = 0; word < count; word++) {
      if (word > 0) {
        text.append(' ');
      }
      text.append("zq");
      for (long n = (long) page * count + word; n > 0; n /= 26) {
        text.append((char) ('a' + n % 26));
      }
    }
    return text.toString();
  }
}
