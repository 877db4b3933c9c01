package dev.crawler.fetcher.consumer;

import dev.crawler.common.kafka.DeadLetter;
import dev.crawler.common.kafka.FetchedPageCodec;
import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.kafka.KafkaNames;
import dev.crawler.common.messages.FetchOutcome;
import dev.crawler.common.messages.FetchedPage;
import dev.crawler.common.messages.UrlCandidate;
import dev.crawler.common.tracing.RecordTracer.RecordSpan;
import dev.crawler.common.url.PolitenessKey;
import dev.crawler.fetcher.task.TaskResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Publishes a task's results: the outcome to crawl.outcomes and a redirect target to crawl.urls,
 * both keyed by politeness key, and a page to crawl.fetched keyed by URL (its body as the value,
 * its other fields in headers: {@link FetchedPageCodec}). A future completes when Kafka has
 * acknowledged every record, and only then may the task's offset be committed. Every record carries
 * the task's trace context in its headers, for the frontier and the parser.
 */
public final class ResultPublisher {

  /** The stage name in dead-letter headers. */
  static final String STAGE = "fetcher";

  private static final JsonCodec<FetchOutcome> OUTCOMES = JsonCodec.of(FetchOutcome.class);
  private static final JsonCodec<UrlCandidate> CANDIDATES = JsonCodec.of(UrlCandidate.class);

  private final Producer<byte[], byte[]> producer;
  private final PolitenessKey politenessKey;
  private final KafkaNames names;

  /**
   * @param names the install's topic names
   */
  public ResultPublisher(
      Producer<byte[], byte[]> producer, PolitenessKey politenessKey, KafkaNames names) {
    this.producer = producer;
    this.politenessKey = politenessKey;
    this.names = names;
  }

  /**
   * Publishes a result.
   *
   * @param taskKey the key the task arrived with (its politeness key), used for the outcome
   * @param span the task's span, whose trace the records continue
   */
  public CompletableFuture<Void> publish(TaskResult result, byte[] taskKey, RecordSpan span) {
    List<CompletableFuture<Void>> sends = new ArrayList<>(3);
    FetchOutcome outcome = result.outcome();
    sends.add(
        send(names.outcomes(), outcomeKey(outcome.url(), taskKey), OUTCOMES.encode(outcome), span));
    result.page().ifPresent(page -> sends.add(send(pageRecord(page), span)));
    result
        .redirect()
        .ifPresent(candidate ->
            sends.add(
                send(
                    names.urls(),
                    utf8(politenessKey.of(candidate.url())),
                    CANDIDATES.encode(candidate),
                    span)));
    return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
  }

  /** Sends a record no task could be made of to the dead-letter topic. */
  public CompletableFuture<Void> deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
    ProducerRecord<byte[], byte[]> letter = DeadLetter.of(names.dlq(), record, STAGE, reason);
    return send(letter);
  }

  private byte[] outcomeKey(String url, byte[] taskKey) {
    try {
      return utf8(politenessKey.of(url));
    } catch (IllegalArgumentException e) {
      return taskKey; // a URL without a host: keep the partition the frontier chose
    }
  }

  private ProducerRecord<byte[], byte[]> pageRecord(FetchedPage page) {
    Headers headers = new RecordHeaders();
    byte[] body = FetchedPageCodec.encode(page, headers);
    return new ProducerRecord<>(names.fetched(), null, utf8(page.url()), body, headers);
  }

  private CompletableFuture<Void> send(String topic, byte[] key, byte[] value, RecordSpan span) {
    return send(new ProducerRecord<>(topic, key, value), span);
  }

  private CompletableFuture<Void> send(ProducerRecord<byte[], byte[]> record, RecordSpan span) {
    span.inject(record.headers());
    return send(record);
  }

  private CompletableFuture<Void> send(ProducerRecord<byte[], byte[]> record) {
    CompletableFuture<Void> sent = new CompletableFuture<>();
    try {
      producer.send(
          record,
          (metadata, error) -> {
            if (error != null) {
              sent.completeExceptionally(error);
            } else {
              sent.complete(null);
            }
          });
    } catch (RuntimeException e) {
      sent.completeExceptionally(e); // a closed producer or a record too large
    }
    return sent;
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
