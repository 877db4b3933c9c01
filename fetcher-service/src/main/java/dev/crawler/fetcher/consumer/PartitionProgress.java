package dev.crawler.fetcher.consumer;

import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Which offsets of one assigned partition are done, for committing only the contiguous prefix:
 * tasks complete out of order, and committing past an unfinished one would lose it on a crash. Used
 * by the consumer thread only. A new instance starts with every assignment, so results of a
 * previous ownership can never move this one's commit point.
 */
final class PartitionProgress {

  /** Offsets taken and not yet committable, with whether each is done. */
  private final TreeMap<Long, Boolean> pending = new TreeMap<>();

  private long commitPoint = -1;
  private long committed = -1;

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
