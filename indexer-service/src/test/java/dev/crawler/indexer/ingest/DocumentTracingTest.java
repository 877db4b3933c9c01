package dev.crawler.indexer.ingest;

import static dev.crawler.indexer.index.Pages.page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.kafka.Topics;
import dev.crawler.common.messages.IndexOp;
import dev.crawler.indexer.IndexerApplication;
import dev.crawler.testsupport.kafka.TestKafka;
import dev.crawler.testsupport.kafka.TopicTail;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The indexer's log lines about a document carry the trace id of its record, and its dead letter
 * keeps the record's trace header: a URL can be followed into the index, or to the DLQ.
 */
@SpringBootTest(
    classes = IndexerApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.config.name=indexer",
      "crawler.kafka.partitions=3",
      "crawler.indexer.backend=lucene",
      "crawler.indexer.ingest.batch-interval=200ms",
      "crawler.indexer.ingest.poll-timeout=100ms",
      "logging.level.dev.crawler.indexer.ingest=DEBUG"
    })
@ExtendWith(OutputCaptureExtension.class)
class DocumentTracingTest {

  @TempDir static Path indexDirectory;

  private static final JsonCodec<IndexOp> OPS = JsonCodec.of(IndexOp.class);

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
    registry.add("crawler.indexer.lucene.path", () -> indexDirectory.toString());
    registry.add("crawler.indexer.ingest.group-id", () -> "tracing-it-" + UUID.randomUUID());
  }

  @Test
  void aDocumentIsLoggedWithinItsTraceAndItsDeadLetterKeepsIt(CapturedOutput output)
      throws Exception {
    String crawl = "traced-" + UUID.randomUUID();
    IndexOp op = IndexOp.upsert(page(crawl, "/traced", "Traced", "followed into the index"));
    String indexed = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00";
    String poisoned = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";
    byte[] poison = ("{not an index op of " + crawl).getBytes(StandardCharsets.UTF_8);

    try (TopicTail dlq = TopicTail.fromEnd(TestKafka.bootstrapServers(), Topics.DLQ)) {
      try (KafkaProducer<byte[], byte[]> producer = producer()) {
        producer.send(traced(op.url().getBytes(StandardCharsets.UTF_8), OPS.encode(op), indexed));
        producer.send(traced(crawl.getBytes(StandardCharsets.UTF_8), poison, poisoned));
      }

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() ->
              assertThat(dlq.records())
                  .filteredOn(r -> Arrays.equals(r.value(), poison))
                  .singleElement()
                  .satisfies(letter ->
                      assertThat(letter.headers().lastHeader("traceparent").value())
                          .asString(StandardCharsets.UTF_8)
                          .isEqualTo(poisoned)));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() ->
            assertThat(output)
                .containsPattern(
                    "(?m)^.*0af7651916cd43dd8448eb211c80319c"
                        + ".*event=document-applied url="
                        + op.url()
                        + " action=UPSERT.*$")
                .containsPattern(
                    "(?m)^.*WARN.*4bf92f3577b34da6a3ce929d0e0e4736.*event=dead-letter .*$"));
  }

  private static ProducerRecord<byte[], byte[]> traced(
      byte[] key, byte[] value, String traceparent) {
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.DOCUMENTS, key, value);
    record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
    return record;
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }
}
