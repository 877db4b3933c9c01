package dev.crawler.frontier.scheduling;

import dev.crawler.common.messages.CrawlJob;
import dev.crawler.common.messages.FetchTask;
import dev.crawler.common.messages.UrlCandidate;

/** Where the scheduler's decisions go: the sinks of the topology. */
interface Emitter {

  /** A lease for fetchers, on {@code crawl.fetch} keyed by politeness key. */
  void fetch(String politenessKey, FetchTask task);

  /** A URL for the frontier itself, on {@code crawl.urls} keyed by politeness key. */
  void candidate(String politenessKey, UrlCandidate candidate);

  /** A crawl's new state, on {@code crawl.jobs}. */
  void job(CrawlJob job);

  /** This task's counters of a crawl, on the progress topic. */
  void progress(String key, CrawlCounters counters);
}
