package dev.crawler.frontier.scheduling;

import static org.awaitility.Awaitility.await;

import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.kafka.Topics;
import dev.crawler.common.messages.FetchOutcome;
import dev.crawler.common.messages.FetchTask;
import dev.crawler.common.url.PolitenessKey;
import dev.crawler.frontier.FrontierServiceTest;
import dev.crawler.frontier.TaskOutcomes;
import dev.crawler.testsupport.kafka.TestClients;
import dev.crawler.testsupport.kafka.TestKafka;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A crawl whose pages wait on {@code crawl.fetched} for a parser that is away: the frontier, with
 * the real broker, must hold it RUNNING past its quiet period (2 s here) until the parser's group
 * (the default, {@code parser}) has consumed them, and finish it then.
 */
class ParserBacklogCompletionTest extends FrontierServiceTest {

  private static final JsonCodec<FetchTask> TASKS = JsonCodec.of(FetchTask.class);
  private static final JsonCodec<FetchOutcome> OUTCOMES = JsonCodec.of(FetchOutcome.class);
  private static final String PARSER_GROUP = "parser";

  @Test
  void aCrawlWithPagesTheParserHasNotConsumedStaysRunningUntilTheParserCatchesUp() {
    try (KafkaConsumer<String, byte[]> parser =
            TestClients.committedReader(
                TestKafka.bootstrapServers(), PARSER_GROUP, Topics.FETCHED);
        KafkaConsumer<String, byte[]> fetcher =
            TestClients.committedReader(
                TestKafka.bootstrapServers(), "fake-fetcher-" + UUID.randomUUID(), Topics.FETCH);
        KafkaProducer<String, byte[]> producer =
            TestClients.producer(TestKafka.bootstrapServers())) {
      // Given a parser group that has consumed everything so far
      consumeAndCommit(parser);
      String id =
          post("/api/crawls", "{\"seeds\":[\"http://backlog.test/\"],\"maxDepth\":0}")
              .body()
              .path("id")
              .asString();

      // When the seed is fetched and its page put on crawl.fetched, but the parser is away
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> {
            for (ConsumerRecord<String, byte[]> record : fetcher.poll(Duration.ofMillis(200))) {
              FetchTask task = TASKS.decode(record.value());
              if (task.crawlId().equals(id)) {
                producer.send(new ProducerRecord<>(Topics.FETCHED, task.url(), new byte[] {1}));
                producer.send(
                    new ProducerRecord<>(
                        Topics.OUTCOMES,
                        PolitenessKey.HOST.of(task.url()),
                        OUTCOMES.encode(TaskOutcomes.fetched(task, 1))));
                producer.flush();
                return true;
              }
            }
            return false;
          });

      // Then the crawl stays running for several quiet periods
      await()
          .during(Duration.ofSeconds(6))
          .atMost(Duration.ofSeconds(10))
          .until(() -> state(id).equals("RUNNING"));

      // And once the parser has consumed the page, it finishes
      consumeAndCommit(parser);
      await().atMost(Duration.ofSeconds(20)).until(() -> state(id).equals("FINISHED"));
    }
  }

  private String state(String id) {
    return get("/api/crawls/" + id).body().path("state").asString();
  }

  /** Reads the topic to its end and commits, as a parser that finished its work does. */
  private static void consumeAndCommit(KafkaConsumer<String, byte[]> consumer) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> {
          consumer.poll(Duration.ofMillis(200));
          if (consumer.assignment().isEmpty()) {
            return false;
          }
          var ends = consumer.endOffsets(consumer.assignment());
          boolean atEnd =
              ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
          consumer.commitSync();
          return atEnd;
        });
  }
}
