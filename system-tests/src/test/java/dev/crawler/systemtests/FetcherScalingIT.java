package dev.crawler.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.testsupport.cluster.CrawlProgress;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario 6: fetchers scaled from one to three and back to one during a crawl, the way an
 * autoscaler on consumer lag does: new pods join the consumer group, removed pods drain on SIGTERM.
 */
@Tag("slow")
class FetcherScalingIT {

  /**
   * A larger web than the other scenarios' (1,000 pages, at least 25 s of fetching per host at the
   * crawl's delay), so the crawl outlasts the start-up of two fetchers.
   */
  private static final int PAGES_PER_HOST = 250;

  /** Pages the three fetchers must fetch together before two are removed. */
  private static final int PAGES_WITH_THREE_FETCHERS = 40;

  @Test
  void aCrawlSurvivesFetchersScaledFromOneToThreeAndBackToOne() {
    try (CrawlScenario scenario =
        CrawlScenario.start("fetcher-scaling", PAGES_PER_HOST, b -> b.fetchers(1))) {
      scenario.startCrawl();
      scenario.awaitFetchedFraction(0.1);

      scenario.cluster().addFetchers(2);
      CrawlProgress withThree = scenario.progress();
      assertThat(withThree.isFinished())
          .as("the crawl is still running when three fetchers are up: %s", withThree)
          .isFalse();
      scenario.awaitFetched(
          Math.min(
              withThree.fetched() + PAGES_WITH_THREE_FETCHERS, scenario.expectedUrls().size()));
      scenario.cluster().removeFetcher();
      scenario.cluster().removeFetcher();
      CrawlProgress afterScaleDown = scenario.progress();

      assertThat(afterScaleDown.isFinished())
          .as("the crawl is still running when it is back to one fetcher: %s", afterScaleDown)
          .isFalse();
      scenario.assertCrawlCompleteExactlyOnceAndPolite();
    }
  }
}
