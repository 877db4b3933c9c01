package dev.crawler.standalone.progress;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Pages fetched per second over a sliding window: a host's delay spaces fetches a second or more
 * apart, so a rate over the last reading alone would flicker between zero and a burst.
 */
public final class FetchRate {

  private record Sample(long nanos, long fetched) {}

  private final long windowNanos;
  private final Deque<Sample> samples = new ArrayDeque<>();

  public FetchRate(Duration window) {
    this.windowNanos = window.toNanos();
  }

  /**
   * Records the fetched count at {@code nanos} ({@link System#nanoTime()}); the rate since the
   * window's oldest sample.
   */
  public double update(long nanos, long fetched) {
    samples.addLast(new Sample(nanos, fetched));
    while (samples.size() > 2 && nanos - samples.peekFirst().nanos() > windowNanos) {
      samples.removeFirst();
    }
    Sample oldest = samples.peekFirst();
    double seconds = (nanos - oldest.nanos()) / 1e9;
    return seconds <= 0 ? 0 : (fetched - oldest.fetched()) / seconds;
  }
}
