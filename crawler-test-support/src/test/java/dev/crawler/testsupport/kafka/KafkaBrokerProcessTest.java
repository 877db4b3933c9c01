package dev.crawler.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerProcessTest {

  @TempDir Path dataDir;

  @Test
  void brokerProcessServesRecordsAndKeepsThemAcrossACrashAndRestart() throws Exception {
    try (KafkaBrokerProcess broker = KafkaBrokerProcess.builder(dataDir).build().start()) {
      var kafka = new KafkaRoundTrip(broker.bootstrapServers());
      kafka.createTopic("process-round-trip");
      kafka.produce("process-round-trip", "k1", "before-crash");
      assertThat(kafka.consume("process-round-trip", 1)).containsExactly("k1=before-crash");

      broker.kill();
      assertThat(broker.isRunning()).isFalse();
      broker.start();
      kafka.produce("process-round-trip", "k2", "after-restart");

      assertThat(kafka.consume("process-round-trip", 2))
          .containsExactly("k1=before-crash", "k2=after-restart");
      assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
    }
  }

  @Test
  void startingARunningBrokerIsRefused() {
    try (KafkaBrokerProcess broker = KafkaBrokerProcess.builder(dataDir).build().start()) {
      assertThatThrownBy(broker::start).hasMessageContaining("already running");
    }
  }
}
