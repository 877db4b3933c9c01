package dev.crawler.systemtests;

import dev.crawler.testsupport.cluster.ServiceInstance;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario 2: the parser, then the indexer, die by SIGKILL mid-crawl and come back, as a Kubernetes
 * restart would bring them. Their consumers committed only what they had finished, so the restarted
 * instances redo the rest.
 */
@Tag("slow")
class ParserAndIndexerCrashIT {

  /**
   * The frontier cannot see pages waiting in crawl.fetched for a parser; it finishes a crawl after
   * a quiet period with nothing queued or in flight. The period must outlast the parser's restart,
   * or the crawl could finish before the links of the last pages arrive.
   */
  private static final Duration QUIET_PERIOD_LONGER_THAN_A_RESTART = Duration.ofSeconds(60);

  @Test
  void aCrawlSurvivesTheParserAndThenTheIndexerKilledMidCrawl() {
    try (CrawlScenario scenario =
        CrawlScenario.start(
            "parser-indexer-crash",
            b -> b.fetchers(2).finishQuietPeriod(QUIET_PERIOD_LONGER_THAN_A_RESTART))) {
      scenario.startCrawl();
      scenario.awaitFetchedFraction(0.25);

      ServiceInstance parser = scenario.cluster().parser();
      parser.kill9();
      parser.start();
      scenario.awaitFetchedFraction(0.6);

      ServiceInstance indexer = scenario.cluster().indexer();
      indexer.kill9();
      indexer.start();

      scenario.assertCrawlCompleteExactlyOnceAndPolite();
    }
  }
}
