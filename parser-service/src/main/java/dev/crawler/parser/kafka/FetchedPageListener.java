package dev.crawler.parser.kafka;

import dev.crawler.common.cluster.ClusterProperties;
import dev.crawler.common.kafka.DeadLetter;
import dev.crawler.common.kafka.FetchedPageCodec;
import dev.crawler.common.kafka.KafkaNames;
import dev.crawler.common.messages.FetchedPage;
import dev.crawler.common.messages.UrlCandidate;
import dev.crawler.common.tracing.RecordTracer;
import dev.crawler.parser.PageParser;
import dev.crawler.parser.ParseOutcome;
import dev.crawler.parser.ParserProperties;
import dev.crawler.parser.links.RecentLinks;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code crawl.fetched} in batches and produces each page's index operation and URL
 * candidates. Delivery is at-least-once: the batch's offsets are committed (by the container, when
 * this method returns) only after every record it produced was acknowledged by Kafka; otherwise the
 * batch fails, is retried with back-off, and may produce some records twice, which the idempotent
 * index and the frontier's dedup absorb. A record that cannot be decoded or parsed goes to {@code
 * crawl.dlq} with the reason, and the batch goes on.
 *
 * <p>Each page is parsed within the trace its record carries (its URL's, begun by the frontier):
 * the log lines about it carry the trace id, and so do the records it yields, the index operation
 * for the indexer and the discovered links for the frontier, whose admission then logs within the
 * trace of the page that linked to them.
 */
@Component
class FetchedPageListener {

  private static final Logger log = LoggerFactory.getLogger(FetchedPageListener.class);

  /** The listener container's id in Spring Kafka's registry. */
  static final String ID = "fetched-page-listener";

  /** The stage named in dead letters. */
  static final String STAGE = "parser";

  private final PageParser parser;
  private final OutcomeRecords outcomeRecords;
  private final KafkaTemplate<byte[], byte[]> template;
  private final ParserMetrics metrics;
  private final Duration sendTimeout;
  private final RecordTracer tracer;
  private final RecentLinks recentLinks;
  private final String dlq;

  FetchedPageListener(
      PageParser parser,
      ParserProperties properties,
      ClusterProperties cluster,
      KafkaNames names,
      KafkaTemplate<byte[], byte[]> parserKafkaTemplate,
      MeterRegistry registry,
      RecordTracer tracer) {
    this.parser = parser;
    this.outcomeRecords =
        new OutcomeRecords(cluster.politenessKey(), names, properties.limits().maxDocumentBytes());
    this.dlq = names.dlq();
    this.template = parserKafkaTemplate;
    this.metrics = new ParserMetrics(registry);
    this.sendTimeout = properties.sendTimeout();
    this.tracer = tracer;
    this.recentLinks = new RecentLinks(properties.links().remembered());
  }

  // The install's names (crawler.kafka.topic-prefix applied) from the kafkaNames bean.
  @KafkaListener(
      id = FetchedPageListener.ID,
      groupId = "#{@kafkaNames.group('${crawler.parser.consumer-group}')}",
      topics = "#{@kafkaNames.fetched()}",
      batch = "true",
      concurrency = "${crawler.parser.concurrency}")
  void onBatch(List<ConsumerRecord<byte[], byte[]>> batch) {
    List<CompletableFuture<?>> acknowledgements = new ArrayList<>();
    List<UrlCandidate> offered = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : batch) {
      RecordTracer.RecordSpan span = tracer.continueTrace(STAGE + ".parse", record.headers());
      try (Tracer.SpanInScope scope = span.activate()) {
        for (ProducerRecord<byte[], byte[]> output : outputsOf(record, offered)) {
          span.inject(output.headers());
          acknowledgements.add(template.send(output));
        }
      } finally {
        span.end();
      }
    }
    awaitAll(acknowledgements, batch.size());
    recentLinks.remember(offered);
  }

  /** A record's outputs; the candidates among them are added to {@code offered}. */
  private List<ProducerRecord<byte[], byte[]>> outputsOf(
      ConsumerRecord<byte[], byte[]> record, List<UrlCandidate> offered) {
    try {
      FetchedPage page = FetchedPageCodec.decode(record.headers(), record.value());
      ParseOutcome parsed = metrics.timeParse(() -> parser.parse(page));
      ParseOutcome outcome =
          new ParseOutcome(
              parsed.kind(), parsed.indexOp(), recentLinks.withoutRepeats(parsed.candidates()));
      List<ProducerRecord<byte[], byte[]>> outputs = outcomeRecords.of(outcome);
      metrics.parsed(outcome, parsed.candidates().size() - outcome.candidates().size());
      offered.addAll(outcome.candidates());
      log.debug(
          "event=page_parsed url={} kind={} index_op={} links={} links_offered={}",
          page.url(),
          outcome.kind(),
          outcome.indexOp() == null ? "none" : outcome.indexOp().action(),
          parsed.candidates().size(),
          outcome.candidates().size());
      return outputs;
    } catch (RuntimeException | StackOverflowError e) {
      // A hostile or broken page must not stop the partition: it is parked with its reason.
      String reason = DeadLetter.reasonOf(e);
      metrics.deadLettered();
      log.warn(
          "event=dead_letter topic={} partition={} offset={} reason=\"{}\"",
          record.topic(),
          record.partition(),
          record.offset(),
          reason);
      return List.of(DeadLetter.of(dlq, record, STAGE, reason));
    }
  }

  private void awaitAll(List<CompletableFuture<?>> acknowledgements, int batchSize) {
    try {
      CompletableFuture.allOf(acknowledgements.toArray(CompletableFuture[]::new))
          .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      log.warn(
          "event=publish_failed batch_size={} records={} reason=\"{}\"",
          batchSize,
          acknowledgements.size(),
          DeadLetter.reasonOf(e));
      throw new KafkaException("produced records were not acknowledged; retrying the batch", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while waiting for acknowledgements", e);
    }
  }
}
