package dev.crawler.common.kafka;

import java.util.List;
import java.util.Map;

/**
 * The crawl's topic names, in one place. {@link #URLS}, {@link #FETCH} and {@link #OUTCOMES} are
 * keyed by politeness key and must share one partition count, so that exactly one frontier task
 * owns a host.
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
   * The largest record on {@link #FETCHED} (16 MiB): a page body of at most 11 MiB, base64-encoded
   * in JSON, with its headers. The fetcher refuses a body cap that cannot fit. {@link #DLQ} takes
   * records as large, as a dead letter may carry a whole fetched page.
   */
  public static final int MAX_FETCHED_RECORD_BYTES = 16 * 1024 * 1024;

  private Topics() {}

  /**
   * The topics of a crawl cluster with their partition counts.
   *
   * @param partitions the partition count of the keyed work topics
   * @param replicationFactor the replication factor of every topic
   */
  public static List<TopicSpec> all(int partitions, short replicationFactor) {
    return List.of(
        new TopicSpec(JOBS, 1, replicationFactor, true, Map.of()),
        new TopicSpec(URLS, partitions, replicationFactor, false, Map.of()),
        new TopicSpec(FETCH, partitions, replicationFactor, false, Map.of()),
        new TopicSpec(OUTCOMES, partitions, replicationFactor, false, Map.of()),
        new TopicSpec(
            FETCHED,
            partitions,
            replicationFactor,
            false,
            Map.of("max.message.bytes", Integer.toString(MAX_FETCHED_RECORD_BYTES))),
        new TopicSpec(DOCUMENTS, partitions, replicationFactor, false, Map.of()),
        new TopicSpec(INDEXED, 1, replicationFactor, true, Map.of()),
        new TopicSpec(
            DLQ,
            1,
            replicationFactor,
            false,
            Map.of("max.message.bytes", Integer.toString(MAX_FETCHED_RECORD_BYTES))));
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
