package dev.crawler.systemtests;

import static org.awaitility.Awaitility.await;

import dev.crawler.testsupport.elasticsearch.TestElasticsearch;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Scenario 4: Elasticsearch is down for 30 seconds mid-crawl. The crawl goes on; the indexer holds
 * its batches, backs off and retries, and commits nothing it has not indexed.
 */
class ElasticsearchOutageIT {

  private static final Duration OUTAGE = Duration.ofSeconds(30);

  @Test
  void aCrawlSurvivesElasticsearchDownForThirtySecondsMidCrawl() {
    // One fetcher: the outage is downstream of fetching, and one JVM less keeps the fast subset
    // fast.
    try (CrawlScenario scenario = CrawlScenario.start("elasticsearch-outage", b -> b.fetchers(1))) {
      TestElasticsearch elasticsearch = scenario.cluster().elasticsearch();
      scenario.startCrawl();
      scenario.awaitFetchedFraction(0.25);

      elasticsearch.stop();
      try {
        long downSince = System.nanoTime();
        await()
            .atMost(OUTAGE.plusSeconds(10))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> System.nanoTime() - downSince >= OUTAGE.toNanos());
      } finally {
        elasticsearch.start();
      }

      scenario.assertCrawlCompleteExactlyOnceAndPolite();
    }
  }
}
