package dev.crawler.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TestKafkaTest {

  @Test
  void concurrentFirstCallersShareOneBroker() throws Exception {
    try (var pool = Executors.newFixedThreadPool(4)) {
      Callable<String> ask = TestKafka::bootstrapServers;
      List<Future<String>> answers = pool.invokeAll(List.of(ask, ask, ask, ask));

      assertThat(answers).extracting(Future::get).containsOnly(TestKafka.bootstrapServers());
    }
  }

  @Test
  void recordProducedToTheBrokerIsConsumedBack() throws Exception {
    var kafka = new KafkaRoundTrip(TestKafka.bootstrapServers());
    kafka.createTopic("test-kafka-round-trip");

    kafka.produce("test-kafka-round-trip", "alpha.test", "hello");

    assertThat(kafka.consume("test-kafka-round-trip", 1)).containsExactly("alpha.test=hello");
  }

  @Test
  void topicsAreNotCreatedImplicitly() {
    var kafka = new KafkaRoundTrip(TestKafka.bootstrapServers());

    assertThatThrownBy(() -> kafka.produce("test-kafka-never-created", "k", "v"))
        .hasStackTraceContaining("not present in metadata");
  }
}
