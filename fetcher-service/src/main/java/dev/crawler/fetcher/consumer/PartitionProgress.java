package dev.crawler.fetcher.consumer;

import dev.crawler.fetcher.task.TaskSource;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Which offsets of one assigned partition are done, for committing only the contiguous prefix:
 * tasks complete out of order, and committing past an unfinished one would lose it on a crash. Used
 * by the consumer thread only, but for its {@link TaskSource} side, which fetch threads use. A new
 * instance starts with every assignment, so results of a previous ownership can never move this
 * one's commit point.
 */
final class PartitionProgress implements TaskSource {

  private final Instant assignedAt;

  /**
   * Cleared by the consumer thread when the partition is revoked or lost; read by fetch threads.
   */
  private volatile boolean owned = true;

  /** Fetches of this partition's tasks going on now; guarded by this. */
  private int fetching;

  /** Offsets taken and not yet committable, with whether each is done. */
  private final TreeMap<Long, Boolean> pending = new TreeMap<>();

  private long commitPoint = -1;
  private long committed = -1;

  PartitionProgress(Instant assignedAt) {
    this.assignedAt = assignedAt;
  }

  @Override
  public Instant assignedAt() {
    return assignedAt;
  }

  @Override
  public boolean owned() {
    return owned;
  }

  @Override
  public synchronized boolean fetchStarting() {
    if (!owned) {
      return false;
    }
    fetching++;
    return true;
  }

  @Override
  public synchronized void fetchEnded() {
    fetching--;
    notifyAll();
  }

  /** The partition was revoked or lost: its tasks not started yet are left to the new owner. */
  synchronized void givenUp() {
    owned = false;
  }

  /**
   * Waits until the fetches this partition started have ended, or the deadline passed.
   *
   * @return whether they all ended
   */
  synchronized boolean awaitFetchesEnded(Instant deadline) throws InterruptedException {
    for (long left = millisUntil(deadline);
        fetching > 0 && left > 0;
        left = millisUntil(deadline)) {
      wait(left);
    }
    return fetching == 0;
  }

  private static long millisUntil(Instant deadline) {
    return Duration.between(Instant.now(), deadline).toMillis();
  }

  /** Records that a task at an offset was taken. */
  void taken(long offset) {
    pending.put(offset, Boolean.FALSE);
  }

  /** Records that the task at an offset is done, its results published. */
  void done(long offset) {
    if (pending.replace(offset, Boolean.TRUE) == null) {
      return;
    }
    while (!pending.isEmpty() && pending.firstEntry().getValue()) {
      commitPoint = pending.pollFirstEntry().getKey() + 1;
    }
  }

  /** The offset to commit (the next one to read), if it moved since the last commit. */
  OptionalLong uncommitted() {
    return commitPoint > committed ? OptionalLong.of(commitPoint) : OptionalLong.empty();
  }

  /** Records that an offset was committed. */
  void committed(long offset) {
    committed = Math.max(committed, offset);
  }
}
