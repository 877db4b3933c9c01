package dev.crawler.systemtests;

import dev.crawler.testsupport.cluster.ServiceInstance;
import org.junit.jupiter.api.Test;

/** Scenario 1: a fetcher dies by SIGKILL in the middle of a crawl; the other one takes over. */
class FetcherCrashIT {

  @Test
  void aCrawlSurvivesAFetcherKilledMidCrawlWithNothingLostDuplicatedOrImpolite() {
    try (CrawlScenario scenario = CrawlScenario.start("fetcher-crash", b -> b.fetchers(2))) {
      scenario.startCrawl();
      scenario.awaitFetchedFraction(0.3);

      ServiceInstance victim = scenario.cluster().fetchers().getFirst();
      victim.kill9();

      scenario.assertCrawlCompleteExactlyOnceAndPolite();
    }
  }
}
