package dev.crawler.frontier;

import dev.crawler.common.messages.FetchOutcome;
import dev.crawler.common.messages.FetchTask;
import dev.crawler.common.messages.OutcomeKind;
import java.time.Instant;
import java.util.List;

/** The outcomes a fake fetcher reports for the frontier's tasks in tests. */
public final class TaskOutcomes {

  private TaskOutcomes() {}

  /** A task's outcome of some kind, now, with nothing learnt about the host. */
  public static FetchOutcome of(FetchTask task, OutcomeKind kind, int status, long durationMs) {
    return new FetchOutcome(
        task.taskId(),
        task.crawlId(),
        task.url(),
        kind,
        status,
        null,
        null,
        List.of(),
        null,
        null,
        null,
        null,
        Instant.now(),
        durationMs);
  }

  /** A task's page fetched with 200, now. */
  public static FetchOutcome fetched(FetchTask task, long durationMs) {
    return of(task, OutcomeKind.FETCHED, 200, durationMs);
  }
}
