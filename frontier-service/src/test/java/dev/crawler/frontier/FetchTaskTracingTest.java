package dev.crawler.frontier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.kafka.Topics;
import dev.crawler.common.messages.FetchOutcome;
import dev.crawler.common.messages.FetchTask;
import dev.crawler.testsupport.kafka.TestKafka;
import dev.crawler.testsupport.kafka.TopicTail;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A fetch task begins its URL's trace, and the frontier's log lines about the URL carry it. */
@ExtendWith(OutputCaptureExtension.class)
class FetchTaskTracingTest extends FrontierServiceTest {

  private static final JsonCodec<FetchTask> TASKS = JsonCodec.of(FetchTask.class);
  private static final JsonCodec<FetchOutcome> OUTCOMES = JsonCodec.of(FetchOutcome.class);
  private static final String FRONTIER_LOGS = "dev.crawler.frontier.scheduling";

  private Level level;

  @BeforeEach
  void debugLogging() {
    Logger logger = (Logger) LoggerFactory.getLogger(FRONTIER_LOGS);
    level = logger.getLevel();
    logger.setLevel(Level.DEBUG);
  }

  @AfterEach
  void restoreLogging() {
    ((Logger) LoggerFactory.getLogger(FRONTIER_LOGS)).setLevel(level);
  }

  @Test
  void aReleasedTaskCarriesANewTraceThatItsOutcomeContinues(CapturedOutput output) {
    ConsumerRecord<byte[], byte[]> released;
    try (TopicTail fetch = TopicTail.fromEnd(TestKafka.bootstrapServers(), Topics.FETCH)) {
      String id =
          post("/api/crawls", "{\"seeds\":[\"http://traced.test/\"]}").body().path("id").asString();
      released =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> taskOf(fetch.records(), id), record -> record != null);
    }
    FetchTask task = TASKS.decode(released.value());
    String traceparent = header(released, "traceparent");
    assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
    String traceId = traceparent.split("-")[1];
    assertThat(output).containsPattern(lineWith(traceId, "event=fetch_released url=" + task.url()));

    String fetcherSpan = "00-" + traceId + "-00f067aa0ba902b7-00";
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      ProducerRecord<byte[], byte[]> outcome =
          new ProducerRecord<>(
              Topics.OUTCOMES, released.key(), OUTCOMES.encode(TaskOutcomes.fetched(task, 5)));
      outcome.headers().add("traceparent", fetcherSpan.getBytes(StandardCharsets.UTF_8));
      producer.send(outcome);
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() ->
            assertThat(output)
                .containsPattern(lineWith(traceId, "event=outcome_received url=" + task.url())));
  }

  /** A log line that carries the trace id before the message, as Spring Boot's correlation does. */
  private static String lineWith(String traceId, String message) {
    return "(?m)^.*" + traceId + ".*" + Pattern.quote(message) + ".*$";
  }

  private static ConsumerRecord<byte[], byte[]> taskOf(
      List<ConsumerRecord<byte[], byte[]>> records, String crawlId) {
    return records.stream()
        .filter(record -> TASKS.decode(record.value()).crawlId().equals(crawlId))
        .findFirst()
        .orElse(null);
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }
}
