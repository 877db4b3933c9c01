package dev.crawler.frontier.scheduling;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The crawl counters every frontier task published, as the global progress store holds them: key
 * {@code crawlId|taskId}, value the task's absolute {@link CrawlCounters}. Summing them gives the
 * counters of a crawl across all instances; merging their host summaries gives its busiest, most
 * troubled and most failing hosts.
 */
public final class ProgressView {

  private static final char SEPARATOR = '|';

  private final ReadOnlyKeyValueStore<String, CrawlCounters> progress;

  public ProgressView(ReadOnlyKeyValueStore<String, CrawlCounters> progress) {
    this.progress = progress;
  }

  /** The progress-topic key of one crawl on one task. */
  static String key(String crawlId, String taskId) {
    return crawlId + SEPARATOR + taskId;
  }

  /** The counters of a crawl summed over all tasks. */
  public CrawlCounters total(String crawlId) {
    return totalExcept(crawlId, null);
  }

  /** The counters of a crawl summed over all tasks but one (whose own state is fresher). */
  CrawlCounters totalExcept(String crawlId, String taskId) {
    CrawlCounters sum = new CrawlCounters();
    String skipped = taskId == null ? null : key(crawlId, taskId);
    try (KeyValueIterator<String, CrawlCounters> tasks =
        progress.prefixScan(crawlId + SEPARATOR, new StringSerializer())) {
      while (tasks.hasNext()) {
        var entry = tasks.next();
        if (!entry.key.equals(skipped)) {
          sum = sum.plus(entry.value);
        }
      }
    }
    return sum;
  }

  /**
   * The hosts of a crawl every task published, most queued first, then the most troubled, then
   * those with the most failed URLs. A host belongs to one task; while it moves between tasks both
   * may name it, and the record that saw it more recently wins.
   */
  public List<HostLoad> hosts(String crawlId) {
    Map<String, HostLoad> hosts = new HashMap<>();
    Map<String, Long> seenAtMs = new HashMap<>();
    try (KeyValueIterator<String, CrawlCounters> tasks =
        progress.prefixScan(crawlId + SEPARATOR, new StringSerializer())) {
      while (tasks.hasNext()) {
        CrawlCounters task = tasks.next().value;
        for (HostLoad host : task.hosts()) {
          if (task.lastActivityAtMs() >= seenAtMs.getOrDefault(host.host(), Long.MIN_VALUE)) {
            hosts.put(host.host(), host);
            seenAtMs.put(host.host(), task.lastActivityAtMs());
          }
        }
      }
    }
    return hosts.values().stream()
        .sorted(
            Comparator.comparingLong(HostLoad::queued)
                .reversed()
                .thenComparing(Comparator.comparingInt(HostLoad::errorLevel).reversed())
                .thenComparing(Comparator.comparingLong(HostLoad::failed).reversed())
                .thenComparing(HostLoad::host))
        .toList();
  }
}
