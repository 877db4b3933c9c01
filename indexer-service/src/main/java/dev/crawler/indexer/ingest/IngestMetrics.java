package dev.crawler.indexer.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The indexer's meters, all named {@code crawler.indexer.*}: documents indexed and deleted, bulk
 * latency, size and failures, retries, dead letters by cause, and whether ingestion is paused for
 * an unreachable index. The consumer's lag on {@code crawl.documents} comes with the Kafka client
 * meters ({@code kafka.consumer.fetch.manager.records.lag*}).
 */
public final class IngestMetrics {

  private final Counter indexed;
  private final Counter deleted;
  private final Timer bulk;
  private final DistributionSummary bulkOperations;
  private final Counter bulkFailures;
  private final Counter retries;
  private final Counter poisonRecords;
  private final Counter rejectedDocuments;
  private final AtomicInteger paused = new AtomicInteger();

  public IngestMetrics(MeterRegistry registry, String backend) {
    indexed =
        Counter.builder("crawler.indexer.documents.indexed")
            .description("Documents written to the index")
            .tag("backend", backend)
            .register(registry);
    deleted =
        Counter.builder("crawler.indexer.documents.deleted")
            .description("Documents removed from the index")
            .tag("backend", backend)
            .register(registry);
    bulk =
        Timer.builder("crawler.indexer.bulk.latency")
            .description("Time of one bulk apply to the index")
            .tag("backend", backend)
            .publishPercentileHistogram()
            .register(registry);
    bulkOperations =
        DistributionSummary.builder("crawler.indexer.bulk.operations")
            .description("Operations (upserts and deletes) sent in one bulk apply")
            .tag("backend", backend)
            .register(registry);
    bulkFailures =
        Counter.builder("crawler.indexer.bulk.failures")
            .description("Bulk applies that failed as a whole (index unreachable, 429, 5xx)")
            .tag("backend", backend)
            .register(registry);
    retries =
        Counter.builder("crawler.indexer.bulk.retries")
            .description("Bulk attempts repeated after a retryable failure")
            .tag("backend", backend)
            .register(registry);
    poisonRecords =
        Counter.builder("crawler.indexer.dlq")
            .description("Records sent to the dead-letter topic")
            .tag("cause", "undecodable")
            .register(registry);
    rejectedDocuments =
        Counter.builder("crawler.indexer.dlq")
            .description("Records sent to the dead-letter topic")
            .tag("cause", "rejected")
            .register(registry);
    Gauge.builder("crawler.indexer.paused", paused, AtomicInteger::get)
        .description("1 while ingestion is paused because the index is unreachable")
        .register(registry);
  }

  void indexed() {
    indexed.increment();
  }

  void deleted() {
    deleted.increment();
  }

  /** Runs one bulk apply of this many operations: timed, sized, and counted if it fails. */
  <T> T bulk(int operations, Supplier<T> apply) {
    bulkOperations.record(operations);
    try {
      return bulk.record(apply);
    } catch (RuntimeException e) {
      bulkFailures.increment();
      throw e;
    }
  }

  void retried() {
    retries.increment();
  }

  void deadLettered(boolean undecodable) {
    (undecodable ? poisonRecords : rejectedDocuments).increment();
  }

  void paused(boolean value) {
    paused.set(value ? 1 : 0);
  }
}
