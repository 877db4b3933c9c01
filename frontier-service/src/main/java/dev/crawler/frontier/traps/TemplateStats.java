package dev.crawler.frontier.traps;

import java.nio.ByteBuffer;

/**
 * What the pages of one URL template on one host brought: how many were fetched, how many of them
 * were new content, and how many new links they yielded. Novelty is also kept as a moving share
 * (each page weighs {@code 1 - 1/window} of the one after it), so a template that turns into a trap
 * after some real pages is seen as one by its recent pages, not drowned by its past.
 */
final class TemplateStats {

  private static final byte FORMAT = 1;
  private static final int BYTES = 1 + 3 * Long.BYTES + 2 * Double.BYTES;

  private long pages;
  private long novelPages;
  private long newLinks;
  private double recentPages;
  private double recentNovel;

  /** Counts a page of the template, new content or a near-duplicate of one seen on the host. */
  void page(boolean novel, int window) {
    double keep = 1.0 - 1.0 / window;
    pages++;
    recentPages = recentPages * keep + 1;
    recentNovel = recentNovel * keep;
    if (novel) {
      novelPages++;
      recentNovel += 1;
    }
  }

  void newLink() {
    newLinks++;
  }

  /**
   * Whether the template's pages stopped bringing new content: at least {@code minPages} fetched,
   * and of the recent ones less than {@code minNovelShare} new.
   */
  boolean isTrap(int minPages, double minNovelShare) {
    return pages >= minPages && recentNovel < minNovelShare * recentPages;
  }

  long pages() {
    return pages;
  }

  long novelPages() {
    return novelPages;
  }

  long newLinks() {
    return newLinks;
  }

  byte[] toBytes() {
    return ByteBuffer.allocate(BYTES)
        .put(FORMAT)
        .putLong(pages)
        .putLong(novelPages)
        .putLong(newLinks)
        .putDouble(recentPages)
        .putDouble(recentNovel)
        .array();
  }

  static TemplateStats fromBytes(byte[] value) {
    TemplateStats stats = new TemplateStats();
    if (value == null || value.length != BYTES || value[0] != FORMAT) {
      return stats;
    }
    ByteBuffer in = ByteBuffer.wrap(value, 1, BYTES - 1);
    stats.pages = in.getLong();
    stats.novelPages = in.getLong();
    stats.newLinks = in.getLong();
    stats.recentPages = in.getDouble();
    stats.recentNovel = in.getDouble();
    return stats;
  }
}
