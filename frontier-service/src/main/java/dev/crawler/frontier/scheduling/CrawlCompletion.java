package dev.crawler.frontier.scheduling;

import dev.crawler.common.messages.CrawlJob;
import dev.crawler.common.messages.CrawlState;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Declares running crawls FINISHED, from one task only (partition 0) so there is one writer. A
 * crawl is finished when, summed over all tasks, nothing of it is queued or in flight, every seed
 * has reached the frontier (the seeds still in {@code crawl.urls} after the crawl record was
 * written must not look like an empty crawl), nothing happened to it for a quiet period (links the
 * parser is sending for the last pages, candidates in transit, counters not yet published), and the
 * parser has finished every page fetched before that ({@link ParserBacklog}): a parser that is down
 * for longer than the quiet period holds the crawl open instead of losing the links of the pages
 * waiting for it. A backlog that could not be measured (Kafka not answering) holds it open too.
 * Crawls that recrawl never finish; they run until cancelled.
 */
final class CrawlCompletion {

  private static final Logger log = LoggerFactory.getLogger(CrawlCompletion.class);

  private final CrawlDirectory crawls;
  private final ProgressView progress;
  private final TaskCounters counters;
  private final Emitter emitter;
  private final long quietPeriodMs;
  private final String taskId;
  private final Optional<ParserBacklog> backlog;
  private final Set<String> announced = new HashSet<>();
  private final Map<String, Held> held = new HashMap<>();

  /**
   * A crawl that looks finished but waits for the parser.
   *
   * @param mark where {@code crawl.fetched} ended when it first looked finished (null until Kafka
   *     answered)
   * @param sinceMs when it first looked finished
   * @param busyAtMs when the parser was last seen behind the mark (0: never)
   * @param warnedAtMs when holding it was last logged (0: never)
   */
  private record Held(
      Map<TopicPartition, Long> mark, long sinceMs, long busyAtMs, long warnedAtMs) {

    Held marked(Map<TopicPartition, Long> offsets) {
      return new Held(offsets, sinceMs, busyAtMs, warnedAtMs);
    }

    Held busy(long nowMs) {
      return new Held(mark, sinceMs, nowMs, warnedAtMs);
    }

    Held warned(long nowMs) {
      return new Held(mark, sinceMs, busyAtMs, nowMs);
    }
  }

  CrawlCompletion(
      CrawlDirectory crawls,
      ProgressView progress,
      TaskCounters counters,
      Emitter emitter,
      long quietPeriodMs,
      String taskId,
      Optional<ParserBacklog> backlog) {
    this.crawls = crawls;
    this.progress = progress;
    this.counters = counters;
    this.emitter = emitter;
    this.quietPeriodMs = quietPeriodMs;
    this.taskId = taskId;
    this.backlog = backlog;
  }

  void check(long nowMs) {
    crawls.forEach(job -> {
      if (job.state() != CrawlState.RUNNING) {
        announced.remove(job.id());
        held.remove(job.id());
      } else if (!announced.contains(job.id()) && isFinished(job, nowMs)) {
        announced.add(job.id());
        held.remove(job.id());
        emitter.job(job.withState(CrawlState.FINISHED, Instant.ofEpochMilli(nowMs)));
        log.info("event=crawl_finished crawl={} name={}", job.id(), job.name());
      }
    });
  }

  private boolean isFinished(CrawlJob job, long nowMs) {
    if (job.recrawlIntervalMinutes() > 0) {
      return false;
    }
    CrawlCounters total = progress.totalExcept(job.id(), taskId).plus(counters.get(job.id()));
    long lastActivityMs = Math.max(total.lastActivityAtMs(), job.updatedAt().toEpochMilli());
    boolean quiet =
        total.isIdle()
            && total.seedsReceived() >= job.seeds().size()
            && nowMs - lastActivityMs >= quietPeriodMs;
    if (!quiet) {
      // Activity (links from the parser among it) starts a new wait with a new mark.
      held.remove(job.id());
      return false;
    }
    return backlog.isEmpty() || parserDone(job, backlog.get(), nowMs);
  }

  /**
   * Whether the parser has finished the crawl's pages; after it was seen behind, also whether a
   * quiet period has passed since, for the links of its last pages to reach the frontier.
   */
  private boolean parserDone(CrawlJob job, ParserBacklog parser, long nowMs) {
    Held wait = held.computeIfAbsent(job.id(), id -> new Held(null, nowMs, 0, 0));
    try {
      if (wait.mark() == null) {
        wait = wait.marked(parser.mark());
      }
      long pages = parser.behind(wait.mark());
      if (pages > 0) {
        held.put(
            job.id(), warnIfLong(job, wait.busy(nowMs), nowMs, "parser_behind pages=" + pages));
        return false;
      }
    } catch (IllegalStateException e) {
      held.put(
          job.id(),
          warnIfLong(job, wait, nowMs, "kafka_unanswered error=\"" + e.getMessage() + "\""));
      return false;
    }
    held.put(job.id(), wait);
    return wait.busyAtMs() == 0 || nowMs - wait.busyAtMs() >= quietPeriodMs;
  }

  /**
   * Logs at WARN a crawl held for longer than a quiet period, then at most once per quiet period: a
   * parser a second behind at a crawl's end is normal, one that stays away is an outage to see.
   */
  private Held warnIfLong(CrawlJob job, Held wait, long nowMs, String reason) {
    if (nowMs - wait.sinceMs() < quietPeriodMs || nowMs - wait.warnedAtMs() < quietPeriodMs) {
      return wait;
    }
    log.warn(
        "event=crawl_finish_held crawl={} group={} held_ms={} {}",
        job.id(),
        backlog.map(ParserBacklog::group).orElse(""),
        nowMs - wait.sinceMs(),
        reason);
    return wait.warned(nowMs);
  }
}
