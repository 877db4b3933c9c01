package dev.crawler.indexer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crawler.common.kafka.KafkaNames;
import dev.crawler.indexer.IndexerProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.util.unit.DataSize;

class DocumentConsumerHealthTest {

  private static final IndexerProperties.Ingest INGEST =
      new IndexerProperties.Ingest(
          "crawler-indexer",
          Duration.ofMillis(100),
          10,
          10,
          DataSize.ofMegabytes(1),
          Duration.ofSeconds(1),
          Duration.ofMillis(10),
          Duration.ofMillis(100),
          Duration.ofSeconds(1));

  @Test
  void isDownOnceTheConsumerLoopHasDiedSoLivenessRestartsThePod() {
    DocumentConsumer consumer =
        new DocumentConsumer(
            () -> {
              throw new KafkaException("the consumer could not be created");
            },
            null,
            null,
            INGEST,
            KafkaNames.NONE,
            new IngestMetrics(new SimpleMeterRegistry(), "test"),
            null,
            Clock.systemUTC(),
            null);
    DocumentConsumerHealth health = new DocumentConsumerHealth(consumer);
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);

    consumer.start();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(health.health().getStatus()).isEqualTo(Status.DOWN));
    assertThat(health.health().getDetails().get("error").toString())
        .contains("the consumer could not be created");
    consumer.stop();
  }
}
