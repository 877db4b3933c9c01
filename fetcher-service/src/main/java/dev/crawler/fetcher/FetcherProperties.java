package dev.crawler.fetcher;

import dev.crawler.common.kafka.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The fetcher's configuration, {@code crawler.fetcher.*}; the documented defaults live in {@code
 * fetcher.yaml}. Every value is checked here, so a bad setting stops the start-up with a message
 * naming the property.
 *
 * @param consumerGroup the Kafka consumer group of all fetcher pods, after
 *     crawler.kafka.topic-prefix
 * @param maxInFlight the most tasks one pod works on at once (waiting, fetching or publishing)
 * @param maxPollRecords the most tasks taken from Kafka per poll
 * @param pollTimeout how long one poll waits for tasks; also the latency of commits and resumes
 * @param commitInterval how often completed offsets are committed while running
 * @param shutdownGracePeriod how long a stopping pod waits for its in-flight tasks
 * @param publishRetryBackoff how long to wait before re-publishing results Kafka did not accept
 * @param userAgent the User-Agent header, with a contact URL
 * @param connectTimeout the longest TCP (and TLS) connection set-up
 * @param idleTimeout the longest silence while waiting for response bytes
 * @param totalTimeout the longest a whole request may take, from resolution to last byte
 * @param maxBodySize the largest body kept, after content decoding; larger bodies are truncated
 * @param maxConnectionsPerHost the most pooled connections per destination (scheme, host, port)
 * @param allowedContentTypes media types whose bodies are fetched and passed to the parser
 * @param truncatableContentTypes allowed media types that are still useful when cut at the size cap
 *     (markup and text); other allowed types (sitemaps) exceeding it become TOO_LARGE
 * @param maxRetryAfter the longest Retry-After passed on to the frontier
 * @param proxy an HTTP proxy as {@code host:port}, or empty for direct connections
 * @param trustAllCertificates whether to skip TLS certificate verification (never in production)
 * @param trustStore a PKCS12 file of the CA certificates HTTPS servers are verified against instead
 *     of the JDK's (for private CAs), or empty for the JDK's
 * @param trustStorePassword the trust store's password, or empty
 * @param allowPrivateNetworks whether the SSRF guard lets every address through
 * @param allowedCidrs address ranges the SSRF guard lets through although they are not public
 * @param hostOverrides {@code host=address} pairs used instead of DNS, like curl's --resolve
 * @param limiterMemory how long the local per-host limiter remembers a host's last fetch start
 * @param limiterMaxHosts the most idle hosts the local per-host limiter remembers
 * @param limiterDelayMargin the fraction of every host delay added to it as a safety margin, so
 *     that jitter between our clock and what the site sees (its scheduling, the network) does not
 *     shorten the gaps it sees below the delay
 * @param limiterLeastMargin the least safety margin added to a delay that is not zero, since at
 *     small delays the fraction is less than a busy machine's jitter
 * @param limiterTroubleHold how long a host that answered 429, 5xx or not at all hands back the
 *     waiting leases the frontier released before it learned of the trouble
 * @param robots robots.txt handling
 * @param warc the WARC archive of the crawls that ask for it, off unless a directory is set
 */
@ConfigurationProperties("crawler.fetcher")
public record FetcherProperties(
    String consumerGroup,
    int maxInFlight,
    int maxPollRecords,
    Duration pollTimeout,
    Duration commitInterval,
    Duration shutdownGracePeriod,
    Duration publishRetryBackoff,
    String userAgent,
    Duration connectTimeout,
    Duration idleTimeout,
    Duration totalTimeout,
    DataSize maxBodySize,
    int maxConnectionsPerHost,
    List<String> allowedContentTypes,
    List<String> truncatableContentTypes,
    Duration maxRetryAfter,
    String proxy,
    boolean trustAllCertificates,
    String trustStore,
    String trustStorePassword,
    boolean allowPrivateNetworks,
    List<String> allowedCidrs,
    List<String> hostOverrides,
    Duration limiterMemory,
    long limiterMaxHosts,
    double limiterDelayMargin,
    Duration limiterLeastMargin,
    Duration limiterTroubleHold,
    Robots robots,
    Warc warc) {

  /**
   * The body cap can never exceed what one crawl.fetched record holds ({@link
   * Topics#MAX_FETCHED_RECORD_BYTES}): the body as it is, its other fields in headers. The limit is
   * unchanged from earlier releases, which sent the body in base64 (4/3 of its size), so that a
   * configuration moves between releases as it is.
   */
  private static final long MAX_BODY_SIZE_LIMIT = 11L * 1024 * 1024;

  public FetcherProperties {
    require(consumerGroup != null && !consumerGroup.isBlank(), "consumer-group", "must be set");
    require(maxInFlight >= 1, "max-in-flight", "must be at least 1, was " + maxInFlight);
    require(
        maxPollRecords >= 1 && maxPollRecords <= maxInFlight,
        "max-poll-records",
        "must be between 1 and max-in-flight (" + maxInFlight + "), was " + maxPollRecords);
    positive(pollTimeout, "poll-timeout");
    positive(commitInterval, "commit-interval");
    notNegative(shutdownGracePeriod, "shutdown-grace-period");
    positive(publishRetryBackoff, "publish-retry-backoff");
    require(userAgent != null && !userAgent.isBlank(), "user-agent", "must be set");
    positive(connectTimeout, "connect-timeout");
    positive(idleTimeout, "idle-timeout");
    positive(totalTimeout, "total-timeout");
    require(
        maxBodySize != null
            && maxBodySize.toBytes() > 0
            && maxBodySize.toBytes() <= MAX_BODY_SIZE_LIMIT,
        "max-body-size",
        "must be between 1 byte and 11MB (one crawl.fetched record), was " + maxBodySize);
    require(
        maxConnectionsPerHost >= 1,
        "max-connections-per-host",
        "must be at least 1, was " + maxConnectionsPerHost);
    allowedContentTypes = lowerCased(allowedContentTypes);
    require(!allowedContentTypes.isEmpty(), "allowed-content-types", "must not be empty");
    truncatableContentTypes = lowerCased(truncatableContentTypes);
    positive(maxRetryAfter, "max-retry-after");
    proxy = proxy == null ? "" : proxy.strip();
    trustStore = trustStore == null ? "" : trustStore.strip();
    trustStorePassword = trustStorePassword == null ? "" : trustStorePassword;
    require(
        trustStore.isEmpty() || Files.isReadable(Path.of(trustStore)),
        "trust-store",
        "must be a readable file, was " + trustStore);
    require(
        trustStore.isEmpty() || !trustAllCertificates,
        "trust-store",
        "contradicts trust-all-certificates=true; set only one");
    allowedCidrs = allowedCidrs == null ? List.of() : List.copyOf(allowedCidrs);
    hostOverrides = hostOverrides == null ? List.of() : List.copyOf(hostOverrides);
    positive(limiterMemory, "limiter-memory");
    require(limiterMaxHosts >= 1, "limiter-max-hosts", "must be at least 1");
    require(
        limiterDelayMargin >= 0 && limiterDelayMargin <= 1,
        "limiter-delay-margin",
        "must be between 0 and 1, was " + limiterDelayMargin);
    notNegative(limiterLeastMargin, "limiter-least-margin");
    positive(limiterTroubleHold, "limiter-trouble-hold");
    require(robots != null, "robots", "must be set");
    require(warc != null, "warc", "must be set");
  }

  /** The body cap in bytes. */
  public int maxBodyBytes() {
    return (int) maxBodySize.toBytes();
  }

  /**
   * robots.txt handling, {@code crawler.fetcher.robots.*}.
   *
   * @param agentToken the product token matched against User-agent lines (RFC 9309 section 2.2.1)
   * @param ttl how long a fetched robots.txt (or a 4xx allow-all) is trusted
   * @param unavailableTtl how long a 5xx or unreachable robots.txt disallows the host before the
   *     next attempt
   * @param cacheSize the most hosts whose rules are cached
   * @param maxSize the most robots.txt bytes read (RFC 9309 asks for at least 500 KiB)
   * @param maxRedirects the most redirects followed for robots.txt (RFC 9309: at least five)
   * @param maxCrawlDelay a Crawl-delay above this makes crawler-commons disallow the host
   */
  public record Robots(
      String agentToken,
      Duration ttl,
      Duration unavailableTtl,
      long cacheSize,
      DataSize maxSize,
      int maxRedirects,
      Duration maxCrawlDelay) {

    public Robots {
      require(
          agentToken != null && agentToken.matches("[A-Za-z_-]+"),
          "robots.agent-token",
          "must be letters, '_' and '-' only (RFC 9309), was " + agentToken);
      positive(ttl, "robots.ttl");
      positive(unavailableTtl, "robots.unavailable-ttl");
      require(cacheSize >= 1, "robots.cache-size", "must be at least 1");
      require(
          maxSize != null && maxSize.toBytes() >= 1 && maxSize.toBytes() <= MAX_BODY_SIZE_LIMIT,
          "robots.max-size",
          "must be between 1 byte and 11MB (one crawl.fetched record), was " + maxSize);
      require(
          maxRedirects >= 0 && maxRedirects <= 20,
          "robots.max-redirects",
          "must be between 0 and 20");
      positive(maxCrawlDelay, "robots.max-crawl-delay");
    }

    /** The robots.txt cap in bytes. */
    public int maxBytes() {
      return (int) maxSize.toBytes();
    }
  }

  /**
   * The WARC archive, {@code crawler.fetcher.warc.*}: when a directory is set, the requests and
   * responses (robots.txt included) of every crawl that asks for WARC ({@code "warc": true}) are
   * kept there as WARC/1.1 records, each crawl in files of its own.
   *
   * @param directory where the WARC files go; empty (the default) writes none
   * @param maxFileSize the size after which a file is closed and the next one begun
   * @param prefix the files' name prefix; the crawl id, the host name and an instance id follow it,
   *     so fetchers sharing a directory write their own files
   * @param idleTimeout how long a crawl writes nothing before its file is finished (given its final
   *     name), so that a crawl that ended has complete files while the fetcher runs on
   */
  public record Warc(String directory, DataSize maxFileSize, String prefix, Duration idleTimeout) {

    /** Files are read back with a memory map, which holds at most 2 GiB; a record may overrun. */
    private static final long MAX_FILE_SIZE_LIMIT = 1024L * 1024 * 1024;

    public Warc {
      directory = directory == null ? "" : directory.strip();
      require(
          maxFileSize != null
              && maxFileSize.toBytes() >= 1024 * 1024
              && maxFileSize.toBytes() <= MAX_FILE_SIZE_LIMIT,
          "warc.max-file-size",
          "must be between 1MB and 1GB, was " + maxFileSize);
      require(
          prefix != null && prefix.matches("[A-Za-z0-9._-]+"),
          "warc.prefix",
          "must be letters, digits, '.', '_' and '-' only, was " + prefix);
      positive(idleTimeout, "warc.idle-timeout");
    }

    /** Whether exchanges are archived. */
    public boolean enabled() {
      return !directory.isEmpty();
    }
  }

  private static List<String> lowerCased(List<String> types) {
    return types == null
        ? List.of()
        : types.stream().map(t -> t.strip().toLowerCase(Locale.ROOT)).toList();
  }

  private static void positive(Duration value, String property) {
    require(
        value != null && value.isPositive(), property, "must be a positive duration, was " + value);
  }

  private static void notNegative(Duration value, String property) {
    require(
        value != null && !value.isNegative(),
        property,
        "must not be a negative duration, was " + value);
  }

  private static void require(boolean condition, String property, String problem) {
    if (!condition) {
      throw new IllegalArgumentException("crawler.fetcher." + property + " " + problem);
    }
  }
}
