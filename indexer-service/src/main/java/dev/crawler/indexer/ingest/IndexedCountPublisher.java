package dev.crawler.indexer.ingest;

import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.messages.IndexedCount;
import dev.crawler.indexer.IndexerProperties;
import dev.crawler.indexer.index.DocumentIndex;
import dev.crawler.indexer.index.IndexUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes {@link IndexedCount}s on {@code crawl.indexed}: every {@code counts.interval}, the
 * index's own count of each crawl changed within {@code counts.recent-window}. Counts are absolute,
 * asked of the index, so redelivered records and restarts never inflate them; the window keeps a
 * crawl's count published until the index has surely made its last changes searchable.
 */
public final class IndexedCountPublisher implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(IndexedCountPublisher.class);

  private final DocumentIndex index;
  private final KafkaTemplate<byte[], byte[]> producer;
  private final IndexerProperties.Counts config;
  private final String topic;
  private final Clock clock;
  private final JsonCodec<IndexedCount> codec = JsonCodec.of(IndexedCount.class);
  private final Map<String, Instant> lastChanged = new ConcurrentHashMap<>();
  private ScheduledExecutorService scheduler;

  /**
   * @param topic the install's {@code crawl.indexed} ({@link
   *     dev.crawler.common.kafka.KafkaNames#indexed()})
   */
  public IndexedCountPublisher(
      DocumentIndex index,
      KafkaTemplate<byte[], byte[]> producer,
      IndexerProperties.Counts config,
      String topic,
      Clock clock) {
    this.index = index;
    this.producer = producer;
    this.config = config;
    this.topic = topic;
    this.clock = clock;
  }

  /** Notes that documents of these crawls were committed to the index just now. */
  void crawlsChanged(Collection<String> crawlIds) {
    Instant now = clock.instant();
    crawlIds.forEach(crawlId -> lastChanged.put(crawlId, now));
  }

  /** Publishes the count of every recently changed crawl, and forgets the others. */
  void publishRecent() {
    Instant now = clock.instant();
    for (Map.Entry<String, Instant> crawl : lastChanged.entrySet()) {
      if (crawl.getValue().plus(config.recentWindow()).isBefore(now)) {
        lastChanged.remove(crawl.getKey(), crawl.getValue());
        continue;
      }
      String crawlId = crawl.getKey();
      long documents;
      try {
        documents = index.countByCrawl(crawlId);
      } catch (IndexUnavailableException e) {
        log.debug("event=count-skipped reason=\"{}\"", e.getMessage());
        return;
      }
      producer
          .send(
              new ProducerRecord<>(
                  topic,
                  crawlId.getBytes(StandardCharsets.UTF_8),
                  codec.encode(new IndexedCount(crawlId, documents, now))))
          .whenComplete((sent, error) -> {
            if (error != null) {
              log.warn(
                  "event=count-not-published crawl={} reason=\"{}\"", crawlId, error.getMessage());
            }
          });
    }
  }

  @Override
  public synchronized void start() {
    if (scheduler != null) {
      return;
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> Thread.ofPlatform().name("indexer-counts").daemon().unstarted(runnable));
    long interval = config.interval().toMillis();
    scheduler.scheduleWithFixedDelay(
        this::publishSafely, interval, interval, TimeUnit.MILLISECONDS);
  }

  private void publishSafely() {
    try {
      publishRecent();
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again; one bad tick must not end the counts.
      log.warn("event=count-publish-failed reason=\"{}\"", e.toString());
    }
  }

  @Override
  public synchronized void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return scheduler != null;
  }
}
