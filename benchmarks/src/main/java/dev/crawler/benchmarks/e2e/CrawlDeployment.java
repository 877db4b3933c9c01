package dev.crawler.benchmarks.e2e;

import java.util.Map;

/** A running crawler under measurement: one crawl, its counters and its processes. */
interface CrawlDeployment extends AutoCloseable {

  /** The crawl's counters now. */
  StageCounts counts();

  /** Process name to pid, in the order results list them; the crawler's processes only. */
  Map<String, Long> processes();

  /** Whether every crawler process is still alive. */
  boolean isAlive();

  /** Where the processes' logs are, for a failed run. */
  String logs();

  /** Stops every process this deployment started. */
  @Override
  void close();

  /**
   * A crawl's progress through the stages.
   *
   * @param state the frontier's crawl state (RUNNING, FINISHED, ...)
   * @param fetched fetches that got a response (the frontier's counter)
   * @param parsed pages the parser has parsed ({@code crawler_parser_pages_total}, all kinds), or
   *     -1 if its metrics cannot be read
   * @param indexed documents of the crawl in the index (the frontier's counter, as the indexer
   *     reports it)
   */
  record StageCounts(String state, long fetched, long parsed, long indexed) {

    boolean isFinished() {
      return "FINISHED".equals(state);
    }
  }
}
