package dev.crawler.fetcher.task;

import dev.crawler.common.messages.FetchOutcome;
import dev.crawler.common.messages.FetchedPage;
import dev.crawler.common.messages.UrlCandidate;
import java.util.Optional;

/**
 * Everything a finished task publishes.
 *
 * @param outcome for the frontier, always
 * @param page for the parser, if a body (or a 404/410) was fetched
 * @param redirect for the frontier, if the response redirected
 */
public record TaskResult(
    FetchOutcome outcome, Optional<FetchedPage> page, Optional<UrlCandidate> redirect) {

  static TaskResult of(FetchOutcome outcome) {
    return new TaskResult(outcome, Optional.empty(), Optional.empty());
  }
}
