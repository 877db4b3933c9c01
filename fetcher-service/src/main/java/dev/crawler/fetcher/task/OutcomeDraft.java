package dev.crawler.fetcher.task;

import dev.crawler.common.messages.FetchOutcome;
import dev.crawler.common.messages.FetchTask;
import dev.crawler.common.messages.OutcomeKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The fields of an outcome as a task collects them; every task ends in exactly one outcome. */
final class OutcomeDraft {

  private final FetchTask task;
  private Instant started;
  private int status;
  private Long crawlDelayMs;
  private Long retryAfterMs;
  private List<String> sitemaps = List.of();
  private String redirectTarget;
  private String etag;
  private String lastModified;

  OutcomeDraft(FetchTask task, Instant started) {
    this.task = task;
    this.started = started;
  }

  FetchTask task() {
    return task;
  }

  /**
   * The fetch itself starts: its duration, which tells the frontier the host's fetch time, counts
   * from here rather than from when the task arrived (robots.txt and the host's turn come first).
   */
  OutcomeDraft startedAt(Instant value) {
    started = value;
    return this;
  }

  OutcomeDraft status(int value) {
    status = value;
    return this;
  }

  OutcomeDraft crawlDelayMs(Long value) {
    crawlDelayMs = value;
    return this;
  }

  OutcomeDraft retryAfter(Duration value) {
    retryAfterMs = value == null ? null : value.toMillis();
    return this;
  }

  OutcomeDraft sitemaps(List<String> value) {
    sitemaps = value;
    return this;
  }

  OutcomeDraft redirectTarget(String value) {
    redirectTarget = value;
    return this;
  }

  OutcomeDraft validators(String etagValue, String lastModifiedValue) {
    etag = etagValue;
    lastModified = lastModifiedValue;
    return this;
  }

  FetchOutcome finish(OutcomeKind kind, String detail, Instant now) {
    return new FetchOutcome(
        task.taskId(),
        task.crawlId(),
        task.url(),
        kind,
        status,
        crawlDelayMs,
        retryAfterMs,
        sitemaps,
        redirectTarget,
        etag,
        lastModified,
        detail,
        now,
        Math.max(0, Duration.between(started, now).toMillis()));
  }
}
