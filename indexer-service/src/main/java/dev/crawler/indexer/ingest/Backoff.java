package dev.crawler.indexer.ingest;

import java.time.Duration;

/** Exponential back-off: each wait doubles, from an initial wait up to a cap. */
final class Backoff {

  private final Duration initial;
  private final Duration max;
  private Duration next;

  Backoff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
    this.next = initial;
  }

  /** The wait before the next attempt; the one after is twice as long, up to the cap. */
  Duration next() {
    Duration wait = next;
    Duration doubled = next.multipliedBy(2);
    next = doubled.compareTo(max) > 0 ? max : doubled;
    return wait;
  }

  void reset() {
    next = initial;
  }
}
