package dev.crawler.frontier.scheduling;

import dev.crawler.common.messages.CrawlJob;
import dev.crawler.common.messages.CrawlState;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Declares running crawls FINISHED, from one task only (partition 0) so there is one writer. A
 * crawl is finished when, summed over all tasks, nothing of it is queued or in flight, every seed
 * has reached the frontier (the seeds still in {@code crawl.urls} after the crawl record was
 * written must not look like an empty crawl), and nothing happened to it for a quiet period: that
 * covers links the parser has yet to send for the last pages, candidates in transit and counters
 * not yet published. Crawls that recrawl never finish; they run until cancelled.
 */
final class CrawlCompletion {

  private static final Logger log = LoggerFactory.getLogger(CrawlCompletion.class);

  private final CrawlDirectory crawls;
  private final ProgressView progress;
  private final TaskCounters counters;
  private final Emitter emitter;
  private final long quietPeriodMs;
  private final String taskId;
  private final Set<String> announced = new HashSet<>();

  CrawlCompletion(
      CrawlDirectory crawls,
      ProgressView progress,
      TaskCounters counters,
      Emitter emitter,
      long quietPeriodMs,
      String taskId) {
    this.crawls = crawls;
    this.progress = progress;
    this.counters = counters;
    this.emitter = emitter;
    this.quietPeriodMs = quietPeriodMs;
    this.taskId = taskId;
  }

  void check(long nowMs) {
    crawls.forEach(job -> {
      if (job.state() != CrawlState.RUNNING) {
        announced.remove(job.id());
      } else if (!announced.contains(job.id()) && isFinished(job, nowMs)) {
        announced.add(job.id());
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
    return total.isIdle()
        && total.seedsReceived() >= job.seeds().size()
        && nowMs - lastActivityMs >= quietPeriodMs;
  }
}
