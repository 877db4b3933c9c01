package dev.crawler.frontier.scheduling;

/**
 * A lower bound of the earliest time in a time-ordered store, kept in memory so that a punctuation
 * with nothing due costs no store scan: the release punctuator runs for every task many times a
 * second, idle or not. Unknown until the first scan after the task starts (the store may hold
 * restored entries); an entry added moves it earlier, an entry removed leaves it early, never late,
 * and the next scan sets it again.
 */
final class NextDue {

  private static final long UNKNOWN = Long.MIN_VALUE;

  /** No entry of the store is due before this time (epoch ms); {@link Long#MAX_VALUE} if empty. */
  private long atMs = UNKNOWN;

  /** Notes an entry added at {@code entryAtMs}. */
  void added(long entryAtMs) {
    atMs = Math.min(atMs, entryAtMs);
  }

  /** Whether a scan at {@code nowMs} may find something due. */
  boolean mayBeDue(long nowMs) {
    return nowMs >= atMs;
  }

  /**
   * Notes a scan that took the due entries it could: {@code firstLeftMs} is the time of the first
   * entry it left, {@link Long#MAX_VALUE} if it left none.
   */
  void scanned(long firstLeftMs) {
    atMs = firstLeftMs;
  }
}
