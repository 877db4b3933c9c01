package dev.crawler.indexer;

import static dev.crawler.indexer.index.Pages.page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.kafka.Topics;
import dev.crawler.common.messages.IndexOp;
import dev.crawler.indexer.index.DocumentIndex;
import dev.crawler.indexer.index.DocumentIndexContract;
import dev.crawler.indexer.index.TextAnalyzer;
import dev.crawler.indexer.index.lucene.LuceneIndex;
import dev.crawler.testsupport.kafka.TestKafka;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.unit.DataSize;

/**
 * Stopping the indexer (a rolling update, SIGTERM) with documents consumed but not flushed yet
 * indexes them and commits their offsets before it ends, so its successor has nothing to redo.
 */
class CleanShutdownIntegrationTest {

  private static final JsonCodec<IndexOp> OPS = JsonCodec.of(IndexOp.class);
  private static final int DOCUMENTS = 20;

  @Test
  void anIndexerStoppedWithAPendingBatchIndexesItAndCommitsItsOffsets(@TempDir Path index)
      throws Exception {
    String crawl = "shutdown-" + UUID.randomUUID();
    String group = "shutdown-it-" + UUID.randomUUID();
    List<RecordMetadata> sent;

    try (ConfigurableApplicationContext indexer =
        IndexerApplication.application()
            .web(WebApplicationType.NONE)
            .run(
                "--spring.config.name=indexer",
                "--spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                "--crawler.kafka.partitions=3",
                "--crawler.indexer.backend=lucene",
                "--crawler.indexer.lucene.path=" + index,
                "--crawler.indexer.ingest.group-id=" + group,
                "--crawler.indexer.ingest.poll-timeout=100ms",
                // Nothing is flushed before the shutdown.
                "--crawler.indexer.ingest.batch-interval=10m",
                "--crawler.indexer.ingest.batch-documents=100000")) {
      sent = send(crawl);
      long onTopic = recordsOnTopic();
      MeterRegistry meters = indexer.getBean(MeterRegistry.class);
      await().atMost(Duration.ofSeconds(30)).until(() -> consumed(meters) >= onTopic);
      assertThat(indexer.getBean(DocumentIndex.class).countByCrawl(crawl)).isZero();
    }

    Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets(group);
    for (RecordMetadata record : sent) {
      OffsetAndMetadata offset =
          committed.get(new TopicPartition(record.topic(), record.partition()));
      assertThat(offset).as("partition %d", record.partition()).isNotNull();
      assertThat(offset.offset()).isGreaterThan(record.offset());
    }
    try (LuceneIndex reopened =
        LuceneIndex.open(
            new IndexerProperties.Lucene(index, Duration.ofMillis(100), DataSize.ofMegabytes(16)),
            TextAnalyzer.STANDARD,
            DocumentIndexContract.SEARCH)) {
      assertThat(reopened.countByCrawl(crawl)).isEqualTo(DOCUMENTS);
    }
  }

  /** Records the consumer fetched, from the Kafka client meters (the client-wide total). */
  private static double consumed(MeterRegistry meters) {
    return meters
        .find("kafka.consumer.fetch.manager.records.consumed.total")
        .functionCounters()
        .stream()
        .filter(counter -> counter.getId().getTag("topic") == null)
        .mapToDouble(FunctionCounter::count)
        .sum();
  }

  private static long recordsOnTopic() throws Exception {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin
          .describeTopics(List.of(Topics.DOCUMENTS))
          .allTopicNames()
          .get(10, TimeUnit.SECONDS)
          .get(Topics.DOCUMENTS)
          .partitions()
          .forEach(p ->
              latest.put(new TopicPartition(Topics.DOCUMENTS, p.partition()), OffsetSpec.latest()));
      return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
          .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
          .sum();
    }
  }

  private static Admin admin() {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()));
  }

  private static List<RecordMetadata> send(String crawl) throws Exception {
    List<RecordMetadata> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
      for (int i = 0; i < DOCUMENTS; i++) {
        IndexOp op = IndexOp.upsert(page(crawl, "/page" + i, "Page " + i, "shutdown page " + i));
        sent.add(
            producer
                .send(
                    new ProducerRecord<>(
                        Topics.DOCUMENTS,
                        op.url().getBytes(StandardCharsets.UTF_8),
                        OPS.encode(op)))
                .get(10, TimeUnit.SECONDS));
      }
    }
    return sent;
  }

  private static Map<TopicPartition, OffsetAndMetadata> committedOffsets(String group)
      throws Exception {
    try (Admin admin = admin()) {
      return admin
          .listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata()
          .get(10, TimeUnit.SECONDS);
    }
  }
}
