package dev.crawler.systemtests;

import dev.crawler.testsupport.cluster.ServiceInstance;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario 3: one of two frontier instances dies by SIGKILL mid-crawl. Kafka Streams moves its
 * tasks to the survivor, which restores their stores from the changelog topics; leases the dead
 * instance granted expire and their URLs are released again.
 */
@Tag("slow")
class FrontierCrashIT {

  @Test
  void aCrawlSurvivesOneOfTwoFrontiersKilledMidCrawl() {
    try (CrawlScenario scenario = CrawlScenario.start("frontier-crash", b -> b.frontiers(2))) {
      scenario.startCrawl();
      scenario.awaitFetchedFraction(0.3);

      ServiceInstance victim = scenario.cluster().frontiers().getLast();
      victim.kill9();

      scenario.assertCrawlCompleteExactlyOnceAndPolite();
    }
  }
}
