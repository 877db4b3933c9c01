package dev.crawler.indexer.index;

/** What became of one {@link dev.crawler.common.messages.IndexOp} in a bulk apply. */
public sealed interface OpResult {

  /** The operation took effect (a delete of a missing document included). */
  record Applied() implements OpResult {}

  /**
   * The operation failed for a passing reason (overload, a shard not available); sending it again
   * later may succeed.
   *
   * @param reason what the index said
   */
  record Retryable(String reason) implements OpResult {}

  /**
   * The index will never accept this operation (a value its mapping cannot hold); it belongs in the
   * dead-letter topic.
   *
   * @param reason what the index said
   */
  record Rejected(String reason) implements OpResult {}

  OpResult APPLIED = new Applied();
}
