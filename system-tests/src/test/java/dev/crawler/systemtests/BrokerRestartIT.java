package dev.crawler.systemtests;

import dev.crawler.testsupport.kafka.KafkaBrokerProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario 5: the Kafka broker is restarted mid-crawl (a clean shutdown and start on the same port
 * and data). Every service's clients reconnect; producers retry what was not acknowledged.
 */
@Tag("slow")
class BrokerRestartIT {

  @Test
  void aCrawlSurvivesTheBrokerRestartedMidCrawl() {
    try (CrawlScenario scenario = CrawlScenario.start("broker-restart", b -> b)) {
      scenario.startCrawl();
      scenario.awaitFetchedFraction(0.3);

      KafkaBrokerProcess broker = scenario.cluster().broker();
      broker.stop();
      broker.start();

      scenario.assertCrawlCompleteExactlyOnceAndPolite();
    }
  }
}
