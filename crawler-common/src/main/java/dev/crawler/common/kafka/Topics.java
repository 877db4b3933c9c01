package dev.crawler.common.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The crawl's topic names, in one place. {@link #URLS}, {@link #FETCH} and {@link #OUTCOMES} are
 * keyed by politeness key and must share one partition count, so that exactly one frontier task
 * owns a host. These are the names without a topic prefix; the services use their install's, {@link
 * KafkaNames} ({@code crawler.kafka.topic-prefix} applied).
 */
public final class Topics {

  /** Crawl definitions and state, keyed by crawl id; compacted. */
  public static final String JOBS = "crawl.jobs";

  /** URL candidates for the frontier, keyed by politeness key. */
  public static final String URLS = "crawl.urls";

  /** Leases for fetchers, keyed by politeness key. */
  public static final String FETCH = "crawl.fetch";

  /** Fetch results for the frontier, keyed by politeness key. */
  public static final String OUTCOMES = "crawl.outcomes";

  /** Fetched bodies for the parser, keyed by URL. */
  public static final String FETCHED = "crawl.fetched";

  /** Index upserts and deletes for the indexer, keyed by URL. */
  public static final String DOCUMENTS = "crawl.documents";

  /**
   * Per-crawl indexed document counts from the indexer to the frontier, keyed by crawl id;
   * compacted.
   */
  public static final String INDEXED = "crawl.indexed";

  /** Records no stage could process, with the reason in headers. */
  public static final String DLQ = "crawl.dlq";

  /**
   * The largest record on {@link #FETCHED} (16 MiB). A page travels as its body, at most 11 MiB
   * (the largest body cap the fetcher accepts), and its fields in record headers of well under a
   * kilobyte ({@link FetchedPageCodec}). The room above that is what fetchers of earlier releases
   * needed, whose records carried the body base64-encoded in JSON (4/3 of its size, 14.7 MiB at
   * most), so those records stay valid on the topic and in {@link #DLQ}, which takes records as
   * large, as a dead letter may carry a whole fetched page.
   */
  public static final int MAX_FETCHED_RECORD_BYTES = 16 * 1024 * 1024;

  /**
   * How long {@link #FETCHED} and {@link #DOCUMENTS} keep pages (1 day): they hold page bodies and
   * texts, by far the most bytes of a crawl; the parser and the indexer read them within seconds,
   * and a day covers an outage over a night, while the broker default (7 days) would hold a week of
   * them times the replication factor.
   */
  public static final Duration PAGE_RETENTION = Duration.ofDays(1);

  /**
   * How long the other delete-policy topics keep records (7 days, stated rather than left to the
   * broker's default, which a Kafka team may have lowered below what a paused crawl needs).
   */
  public static final Duration WORK_RETENTION = Duration.ofDays(7);

  /**
   * How long {@link #DLQ} keeps dead letters (14 days): long enough to be looked at after a
   * holiday, bounded because a dead letter may carry a whole page.
   */
  public static final Duration DLQ_RETENTION = Duration.ofDays(14);

  private static final String MIN_IN_SYNC = "min.insync.replicas";
  private static final String RETENTION = "retention.ms";
  private static final String MAX_MESSAGE_BYTES = "max.message.bytes";

  private Topics() {}

  /**
   * The {@code min.insync.replicas} of every crawl topic for a replication factor: 2 from a factor
   * of 3 (an acknowledged write survives the loss of a broker, and one broker may be down for an
   * upgrade), else 1 (a write needs every replica, and a factor of 1 or 2 cannot do better).
   */
  public static int minInSyncReplicas(short replicationFactor) {
    return replicationFactor >= 3 ? 2 : 1;
  }

  /**
   * The topics of a crawl cluster with their partition counts, each with its {@code
   * min.insync.replicas} and, unless compacted, its {@code retention.ms}.
   *
   * @param partitions the partition count of the keyed work topics
   * @param replicationFactor the replication factor of every topic
   */
  public static List<TopicSpec> all(int partitions, short replicationFactor) {
    String minInSync = Integer.toString(minInSyncReplicas(replicationFactor));
    Map<String, String> compacted = Map.of(MIN_IN_SYNC, minInSync);
    Map<String, String> work = Map.of(MIN_IN_SYNC, minInSync, RETENTION, millis(WORK_RETENTION));
    return List.of(
        new TopicSpec(JOBS, 1, replicationFactor, true, compacted),
        new TopicSpec(URLS, partitions, replicationFactor, false, work),
        new TopicSpec(FETCH, partitions, replicationFactor, false, work),
        new TopicSpec(OUTCOMES, partitions, replicationFactor, false, work),
        new TopicSpec(
            FETCHED,
            partitions,
            replicationFactor,
            false,
            Map.of(
                MIN_IN_SYNC,
                minInSync,
                RETENTION,
                millis(PAGE_RETENTION),
                MAX_MESSAGE_BYTES,
                Integer.toString(MAX_FETCHED_RECORD_BYTES))),
        new TopicSpec(
            DOCUMENTS,
            partitions,
            replicationFactor,
            false,
            Map.of(MIN_IN_SYNC, minInSync, RETENTION, millis(PAGE_RETENTION))),
        new TopicSpec(INDEXED, 1, replicationFactor, true, compacted),
        new TopicSpec(
            DLQ,
            1,
            replicationFactor,
            false,
            Map.of(
                MIN_IN_SYNC,
                minInSync,
                RETENTION,
                millis(DLQ_RETENTION),
                MAX_MESSAGE_BYTES,
                Integer.toString(MAX_FETCHED_RECORD_BYTES))));
  }

  private static String millis(Duration retention) {
    return Long.toString(retention.toMillis());
  }

  /**
   * One topic's shape.
   *
   * @param name the topic name
   * @param partitions its partition count
   * @param replicationFactor its replication factor
   * @param compacted whether only the latest record per key is kept
   * @param config further topic configuration (e.g. {@code max.message.bytes})
   */
  public record TopicSpec(
      String name,
      int partitions,
      short replicationFactor,
      boolean compacted,
      Map<String, String> config) {

    public TopicSpec {
      config = Map.copyOf(config);
      if (partitions < 1) {
        throw new IllegalArgumentException("partitions must be at least 1 for " + name);
      }
      if (replicationFactor < 1) {
        throw new IllegalArgumentException("replicationFactor must be at least 1 for " + name);
      }
    }
  }
}
