package dev.crawler.frontier.scheduling;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.messages.CrawlMessage;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The counters of one crawl on one frontier task, and, summed over tasks, of the whole crawl. A
 * task publishes its counters as an absolute snapshot to the progress topic, so redelivery never
 * inflates a sum.
 *
 * <p>{@code received} counts every candidate offered, {@code discovered} the distinct URLs
 * admitted, {@code duplicates} the candidates already known and {@code filtered} those refused;
 * {@code queued} and {@code inFlight} are current levels, the rest running totals.
 *
 * <p>On the progress topic a task's counters also carry {@code hosts}, its summary of the crawl's
 * busiest, most troubled and most failing hosts ({@link HostLoad}). The field is additive: records
 * without it (older releases) read as no hosts, and older releases ignore it. It is neither summed
 * nor kept in the task's counters store.
 */
public final class CrawlCounters implements CrawlMessage {

  private static final JsonCodec<CrawlCounters> JSON = JsonCodec.of(CrawlCounters.class);
  private static final byte BINARY_FORMAT_WITHOUT_TRAPS = 1;
  private static final byte BINARY_FORMAT = 2;
  private static final int FIELDS = 12;

  @JsonProperty private long received;
  @JsonProperty private long seedsReceived;
  @JsonProperty private long discovered;
  @JsonProperty private long duplicates;
  @JsonProperty private long filtered;
  @JsonProperty private long filteredTrap;
  @JsonProperty private long queued;
  @JsonProperty private long inFlight;
  @JsonProperty private long fetched;
  @JsonProperty private long failed;
  @JsonProperty private long robotsDenied;
  @JsonProperty private long lastActivityAtMs;
  @JsonProperty private List<HostLoad> hosts;

  public long received() {
    return received;
  }

  public long seedsReceived() {
    return seedsReceived;
  }

  public long discovered() {
    return discovered;
  }

  public long duplicates() {
    return duplicates;
  }

  public long filtered() {
    return filtered;
  }

  /** Of the filtered candidates, those refused as learned traps. */
  public long filteredTrap() {
    return filteredTrap;
  }

  public long queued() {
    return queued;
  }

  public long inFlight() {
    return inFlight;
  }

  public long fetched() {
    return fetched;
  }

  public long failed() {
    return failed;
  }

  public long robotsDenied() {
    return robotsDenied;
  }

  /** When the crawl last changed on this task (epoch ms). */
  public long lastActivityAtMs() {
    return lastActivityAtMs;
  }

  /** The task's summary of the crawl's hosts, as published; empty when summed or stored. */
  public List<HostLoad> hosts() {
    return hosts == null ? List.of() : hosts;
  }

  /** A copy of these counters carrying a summary of the crawl's hosts, to publish. */
  CrawlCounters withHosts(List<HostLoad> summary) {
    CrawlCounters copy = new CrawlCounters().plus(this);
    copy.hosts = List.copyOf(summary);
    return copy;
  }

  /** Whether nothing of the crawl waits in a queue or for an outcome. */
  public boolean isIdle() {
    return queued == 0 && inFlight == 0;
  }

  /** These counters plus another task's. */
  public CrawlCounters plus(CrawlCounters other) {
    CrawlCounters sum = new CrawlCounters();
    sum.received = received + other.received;
    sum.seedsReceived = seedsReceived + other.seedsReceived;
    sum.discovered = discovered + other.discovered;
    sum.duplicates = duplicates + other.duplicates;
    sum.filtered = filtered + other.filtered;
    sum.filteredTrap = filteredTrap + other.filteredTrap;
    sum.queued = queued + other.queued;
    sum.inFlight = inFlight + other.inFlight;
    sum.fetched = fetched + other.fetched;
    sum.failed = failed + other.failed;
    sum.robotsDenied = robotsDenied + other.robotsDenied;
    sum.lastActivityAtMs = Math.max(lastActivityAtMs, other.lastActivityAtMs);
    return sum;
  }

  void received(boolean seed, long atMs) {
    received++;
    if (seed) {
      seedsReceived++;
    }
    touch(atMs);
  }

  void admitted() {
    discovered++;
    queued++;
  }

  void duplicateOne() {
    duplicates++;
  }

  void filteredOne() {
    filtered++;
  }

  void filteredTrapOne() {
    filteredTrap(1);
  }

  /** Counts URLs refused, or dropped from a queue, as learned traps. */
  void filteredTrap(long count) {
    filtered += count;
    filteredTrap += count;
  }

  void requeued() {
    queued++;
  }

  void dropped(long count) {
    queued -= count;
  }

  void released(long atMs) {
    queued--;
    inFlight++;
    touch(atMs);
  }

  void leaseEnded(long atMs) {
    inFlight--;
    touch(atMs);
  }

  void fetchedOne() {
    fetched++;
  }

  void failedOne() {
    failed++;
  }

  void robotsDeniedOne() {
    robotsDenied++;
  }

  /**
   * The compact form kept in a task's counters store: a format byte and the twelve counters. The
   * store is written on every candidate, so it does not take the JSON of the progress topic.
   */
  byte[] toBytes() {
    return ByteBuffer.allocate(1 + FIELDS * Long.BYTES)
        .put(BINARY_FORMAT)
        .putLong(received)
        .putLong(seedsReceived)
        .putLong(discovered)
        .putLong(duplicates)
        .putLong(filtered)
        .putLong(queued)
        .putLong(inFlight)
        .putLong(fetched)
        .putLong(failed)
        .putLong(robotsDenied)
        .putLong(lastActivityAtMs)
        .putLong(filteredTrap)
        .array();
  }

  /** Reads {@link #toBytes()}; a value in the JSON form that stores held before is read as JSON. */
  static CrawlCounters fromBytes(byte[] value) {
    if (value.length == 0
        || (value[0] != BINARY_FORMAT && value[0] != BINARY_FORMAT_WITHOUT_TRAPS)) {
      return JSON.decode(value);
    }
    ByteBuffer in = ByteBuffer.wrap(value, 1, value.length - 1);
    CrawlCounters counters = new CrawlCounters();
    counters.received = in.getLong();
    counters.seedsReceived = in.getLong();
    counters.discovered = in.getLong();
    counters.duplicates = in.getLong();
    counters.filtered = in.getLong();
    counters.queued = in.getLong();
    counters.inFlight = in.getLong();
    counters.fetched = in.getLong();
    counters.failed = in.getLong();
    counters.robotsDenied = in.getLong();
    counters.lastActivityAtMs = in.getLong();
    if (value[0] == BINARY_FORMAT) {
      counters.filteredTrap = in.getLong();
    }
    return counters;
  }

  private void touch(long atMs) {
    lastActivityAtMs = Math.max(lastActivityAtMs, atMs);
  }
}
