package dev.crawler.indexer;

import dev.crawler.indexer.index.TextAnalyzer;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The indexer's configuration, {@code crawler.indexer.*}. Every default is documented in {@code
 * indexer.yaml}; a value out of range stops the application at start-up with a message naming the
 * property.
 *
 * @param backend which index adapter holds the documents
 * @param analyzer the text analyzer of title, headings, description and body; changing it needs a
 *     new index (a new {@code elasticsearch.index-version}, or an empty Lucene directory)
 * @param ingest how {@code crawl.documents} is consumed and flushed to the index
 * @param counts how per-crawl document counts are published on {@code crawl.indexed}
 * @param search limits of the search API
 * @param elasticsearch the Elasticsearch adapter, used when {@code backend} is {@code
 *     elasticsearch}
 * @param lucene the embedded Lucene adapter, used when {@code backend} is {@code lucene}
 */
@Validated
@ConfigurationProperties("crawler.indexer")
public record IndexerProperties(
    @NotNull Backend backend,
    @NotNull TextAnalyzer analyzer,
    @NotNull @Valid Ingest ingest,
    @NotNull @Valid Counts counts,
    @NotNull @Valid Search search,
    @NotNull @Valid Elasticsearch elasticsearch,
    @NotNull @Valid Lucene lucene) {

  /** The index adapters. */
  public enum Backend {
    /** A (distributed) Elasticsearch cluster. */
    ELASTICSEARCH,
    /** An embedded Lucene index on local disk, for a single machine. */
    LUCENE
  }

  /**
   * Consumption of {@code crawl.documents}.
   *
   * @param groupId the Kafka consumer group of all indexer instances
   * @param pollTimeout the longest one poll waits for records
   * @param maxPollRecords records fetched per poll
   * @param batchDocuments a batch is flushed once it holds this many records
   * @param batchBytes a batch is flushed once its record values add up to this size
   * @param batchInterval a batch is flushed once its oldest record waited this long
   * @param initialBackoff the first wait after a failed flush
   * @param maxBackoff the longest wait between flush attempts; the wait doubles up to it
   * @param sendTimeout how long a dead letter waits for the broker's acknowledgement before the
   *     flush is retried
   */
  public record Ingest(
      @NotBlank String groupId,
      @NotNull Duration pollTimeout,
      @Min(1) @Max(10_000) int maxPollRecords,
      @Min(1) @Max(100_000) int batchDocuments,
      @NotNull DataSize batchBytes,
      @NotNull Duration batchInterval,
      @NotNull Duration initialBackoff,
      @NotNull Duration maxBackoff,
      @NotNull Duration sendTimeout) {}

  /**
   * Publication of {@link dev.crawler.common.messages.IndexedCount}s.
   *
   * @param interval how often the counts of recently changed crawls are published
   * @param recentWindow how long after its last change a crawl's count keeps being published; it
   *     must outlast the index's refresh interval so the final count is seen
   */
  public record Counts(@NotNull Duration interval, @NotNull Duration recentWindow) {}

  /**
   * The search API.
   *
   * @param defaultSize hits per page when {@code size} is not given
   * @param maxSize the largest {@code size} accepted
   * @param maxQueryLength the longest {@code q} accepted, in characters
   * @param snippetChars the approximate length of a highlighted snippet
   * @param nearDuplicateBits two pages whose SimHashes differ in at most this many bits are one hit
   * @param collapseWindow the fewest best matches grouped into near-duplicates for a page of hits;
   *     near-duplicates ranked below it are not folded into (or counted with) a hit
   * @param duplicateUrls how many URLs of a hit's folded near-duplicates the hit lists
   */
  public record Search(
      @Min(1) @Max(100) int defaultSize,
      @Min(1) @Max(100) int maxSize,
      @Min(16) @Max(10_000) int maxQueryLength,
      @Min(20) @Max(2_000) int snippetChars,
      @Min(0) @Max(16) int nearDuplicateBits,
      @Min(1) @Max(10_000) int collapseWindow,
      @Min(0) @Max(100) int duplicateUrls) {}

  /**
   * The Elasticsearch adapter.
   *
   * @param uris the cluster's HTTP endpoints
   * @param username basic-auth user, or empty
   * @param password basic-auth password, or empty
   * @param apiKey an encoded API key (sent as {@code Authorization: ApiKey ...}), or empty
   * @param caCertificate a PEM file of the certificate authorities an {@code https} endpoint's
   *     certificate must chain to (ECK's {@code ca.crt}), trusted instead of the JDK's; empty for
   *     the JDK's trust store
   * @param serverMajorVersion the server's major version; 8 makes the 9.x client ask for the 8.x
   *     REST API through compatibility headers
   * @param index the alias searches and writes go through
   * @param indexVersion the version of the concrete index behind the alias ({@code
   *     <index>-v<version>}); bump it to change the mapping or analyzer
   * @param shards primary shards of a new index
   * @param replicas replicas of a new index
   * @param refreshInterval how soon an indexed document becomes searchable
   * @param connectTimeout TCP connect timeout
   * @param responseTimeout the longest wait for a response (a bulk request included)
   */
  public record Elasticsearch(
      @NotEmpty List<URI> uris,
      String username,
      String password,
      String apiKey,
      Path caCertificate,
      @Min(8) @Max(9) int serverMajorVersion,
      @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9_.-]*") String index,
      @Min(1) @Max(1_000) int indexVersion,
      @Min(1) @Max(1_024) int shards,
      @Min(0) @Max(16) int replicas,
      @NotNull Duration refreshInterval,
      @NotNull Duration connectTimeout,
      @NotNull Duration responseTimeout) {}

  /**
   * The embedded Lucene adapter.
   *
   * @param path the index directory, created if missing
   * @param refreshInterval how soon a committed document becomes searchable
   * @param ramBuffer the indexing buffer before segments are flushed to disk
   */
  public record Lucene(
      @NotNull Path path, @NotNull Duration refreshInterval, @NotNull DataSize ramBuffer) {}

  /**
   * The largest {@code ingest.batch-bytes}: a bulk request must stay below Elasticsearch's {@code
   * http.max_content_length} (100MB by default), which would refuse it on every retry; a batch
   * overshoots its cap by one record at most.
   */
  private static final DataSize MAX_BATCH_BYTES = DataSize.ofMegabytes(64);

  /** Ranges that annotations cannot state on {@link Duration} and {@link DataSize}. */
  public IndexerProperties {
    if (ingest != null) {
      requirePositive(ingest.pollTimeout(), "crawler.indexer.ingest.poll-timeout");
      requirePositive(ingest.batchInterval(), "crawler.indexer.ingest.batch-interval");
      requirePositive(ingest.initialBackoff(), "crawler.indexer.ingest.initial-backoff");
      requirePositive(ingest.sendTimeout(), "crawler.indexer.ingest.send-timeout");
      if (ingest.maxBackoff() != null
          && ingest.initialBackoff() != null
          && ingest.maxBackoff().compareTo(ingest.initialBackoff()) < 0) {
        throw new IllegalArgumentException(
            "crawler.indexer.ingest.max-backoff must not be shorter than initial-backoff");
      }
      if (ingest.batchBytes() != null
          && (ingest.batchBytes().toBytes() < 1
              || ingest.batchBytes().compareTo(MAX_BATCH_BYTES) > 0)) {
        throw new IllegalArgumentException(
            "crawler.indexer.ingest.batch-bytes must be between 1B and "
                + MAX_BATCH_BYTES.toMegabytes()
                + "MB, was "
                + ingest.batchBytes());
      }
    }
    if (counts != null) {
      requirePositive(counts.interval(), "crawler.indexer.counts.interval");
      requirePositive(counts.recentWindow(), "crawler.indexer.counts.recent-window");
    }
    if (search != null && search.defaultSize() > search.maxSize()) {
      throw new IllegalArgumentException(
          "crawler.indexer.search.default-size must not exceed max-size");
    }
    if (elasticsearch != null) {
      requirePositive(
          elasticsearch.connectTimeout(), "crawler.indexer.elasticsearch.connect-timeout");
      requirePositive(
          elasticsearch.responseTimeout(), "crawler.indexer.elasticsearch.response-timeout");
      requirePositive(
          elasticsearch.refreshInterval(), "crawler.indexer.elasticsearch.refresh-interval");
    }
    if (lucene != null) {
      requirePositive(lucene.refreshInterval(), "crawler.indexer.lucene.refresh-interval");
      if (lucene.ramBuffer() != null && lucene.ramBuffer().toMegabytes() < 1) {
        throw new IllegalArgumentException(
            "crawler.indexer.lucene.ram-buffer must be at least 1MB");
      }
    }
  }

  private static void requirePositive(Duration value, String property) {
    if (value != null && (value.isZero() || value.isNegative())) {
      throw new IllegalArgumentException(property + " must be positive, was " + value);
    }
  }
}
