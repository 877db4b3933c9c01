package dev.crawler.fetcher.task;

import java.time.Instant;

/**
 * Where a task came from, as the fetcher's politeness needs to know it: the partition of {@code
 * crawl.fetch} that this fetcher owns, since when, and whether it still does. A host belongs to one
 * partition, so whoever owns the partition is the one fetcher working on the host.
 */
public interface TaskSource {

  /** A source owned since long before any delay in use and never given up (benchmarks, tools). */
  TaskSource ALWAYS_OWNED =
      new TaskSource() {
        @Override
        public Instant assignedAt() {
          return Instant.EPOCH;
        }

        @Override
        public boolean owned() {
          return true;
        }

        @Override
        public boolean fetchStarting() {
          return true;
        }

        @Override
        public void fetchEnded() {}
      };

  /**
   * When this fetcher was given the partition: the previous owner may have started a fetch of any
   * of its hosts until then, so each host's first fetch here waits its delay after it.
   */
  Instant assignedAt();

  /**
   * Whether this fetcher still owns the partition; a task of a partition given up is not started,
   * its new owner does it.
   */
  boolean owned();

  /**
   * A fetch of one of this source's tasks is about to go out: counted, unless the partition was
   * given up, then it must not start. The partition is handed over only once its counted fetches
   * ended, so two fetchers never work on a host at once.
   */
  boolean fetchStarting();

  /** A fetch counted by {@link #fetchStarting()} ended. */
  void fetchEnded();
}
