package dev.crawler.frontier.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.frontier.scheduling.StateHealer.ClusterView;
import dev.crawler.frontier.scheduling.StateHealer.ClusterView.OffsetRange;
import dev.crawler.frontier.scheduling.StateHealer.ClusterView.TopicView;
import dev.crawler.frontier.scheduling.StateHealer.Origin;
import dev.crawler.frontier.scheduling.StateHealer.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.state.internals.OffsetCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a state directory's global stores fit the cluster, and what is rebuilt when not. */
class StateHealerTest {

  private static final Map<String, String> STORES =
      Map.of("crawl-jobs", "crawl.jobs", "crawl-indexed", "crawl.indexed");
  private static final Origin ORIGIN =
      new Origin("cluster-a", Map.of("crawl.jobs", "jobs-1", "crawl.indexed", "indexed-1"));

  @Test
  void keepsStoresWhoseCheckpointsFitTheirTopics() {
    Verdict verdict =
        StateHealer.judge(
            ORIGIN,
            Map.of(partition("crawl.jobs"), 3L, partition("crawl.indexed"), 125L),
            STORES,
            cluster("cluster-a", "jobs-1", range(0, 3), "indexed-1", range(0, 200)));

    assertThat(verdict).isInstanceOf(Verdict.Keep.class);
  }

  @Test
  void rebuildsAStoreWhoseCheckpointIsBeyondItsTopicsEnd() {
    // the reported case: a fresh cluster, no origin recorded (state of an earlier release)
    Verdict verdict =
        StateHealer.judge(
            Origin.NONE,
            Map.of(partition("crawl.jobs"), 0L, partition("crawl.indexed"), 125L),
            STORES,
            cluster("cluster-b", "jobs-2", range(0, 0), "indexed-2", range(0, 0)));

    assertThat(verdict)
        .isEqualTo(
            new Verdict.Rebuild(
                Map.of("crawl-indexed", "checkpoint 125 of crawl.indexed-0 is beyond its end 0")));
  }

  @Test
  void rebuildsAStoreWhoseRecordsWereDeletedWhileItWasAway() {
    Verdict verdict =
        StateHealer.judge(
            ORIGIN,
            Map.of(partition("crawl.indexed"), 10L),
            STORES,
            cluster("cluster-a", "jobs-1", range(0, 0), "indexed-1", range(50, 80)));

    assertThat(((Verdict.Rebuild) verdict).reasons())
        .containsOnlyKeys("crawl-indexed")
        .containsValue(
            "checkpoint 10 of crawl.indexed-0 is before its log start 50 (records deleted"
                + " meanwhile)");
  }

  @Test
  void rebuildsAStoreWhoseTopicWasRecreatedEvenWhenItsCheckpointFits() {
    Verdict verdict =
        StateHealer.judge(
            ORIGIN,
            Map.of(partition("crawl.indexed"), 5L),
            STORES,
            cluster("cluster-a", "jobs-1", range(0, 0), "indexed-2", range(0, 8)));

    assertThat(((Verdict.Rebuild) verdict).reasons())
        .containsOnlyKeys("crawl-indexed")
        .containsValue("crawl.indexed was recreated (topic id indexed-1, now indexed-2)");
  }

  @Test
  void resetsStateBuiltOnAnotherCluster() {
    Verdict verdict =
        StateHealer.judge(
            ORIGIN,
            Map.of(partition("crawl.indexed"), 5L),
            STORES,
            cluster("cluster-b", "jobs-1", range(0, 0), "indexed-1", range(0, 8)));

    assertThat(verdict).isEqualTo(new Verdict.Reset("cluster-a", "cluster-b"));
  }

  @Test
  void leavesAStoreWhoseTopicIsMissingToKafkaStreams() {
    Verdict verdict =
        StateHealer.judge(
            ORIGIN,
            Map.of(partition("crawl.indexed"), 5L),
            STORES,
            new ClusterView(
                "cluster-a",
                Map.of("crawl.jobs", new TopicView("jobs-1", Map.of(0, range(0, 0))))));

    assertThat(verdict).isInstanceOf(Verdict.Keep.class);
  }

  @Test
  void rebuildsEveryStoreWhenTheCheckpointIsUnreadableOrNamesAnotherTopic() {
    ClusterView cluster = cluster("cluster-a", "jobs-1", range(0, 0), "indexed-1", range(0, 8));

    Verdict unreadable = StateHealer.judge(ORIGIN, null, STORES, cluster);
    Verdict foreign =
        StateHealer.judge(ORIGIN, Map.of(partition("crawl.old-progress"), 4L), STORES, cluster);

    assertThat(((Verdict.Rebuild) unreadable).reasons()).containsOnlyKeys(STORES.keySet());
    assertThat(((Verdict.Rebuild) foreign).reasons()).containsOnlyKeys(STORES.keySet());
  }

  @Test
  void rebuildsAStoreWhoseCheckpointNamesAPartitionTheTopicLacks() {
    Verdict verdict =
        StateHealer.judge(
            ORIGIN,
            Map.of(new TopicPartition("crawl.indexed", 3), 5L),
            STORES,
            cluster("cluster-a", "jobs-1", range(0, 0), "indexed-1", range(0, 8)));

    assertThat(((Verdict.Rebuild) verdict).reasons()).containsOnlyKeys("crawl-indexed");
  }

  @Test
  void anOriginRecordsTheClusterAndKeepsTheIdsOfTopicsItCouldNotSee() {
    Origin updated =
        ORIGIN.updatedBy(
            new ClusterView(
                "cluster-a",
                Map.of("crawl.indexed", new TopicView("indexed-2", Map.of(0, range(0, 0))))));

    assertThat(updated)
        .isEqualTo(
            new Origin("cluster-a", Map.of("crawl.jobs", "jobs-1", "crawl.indexed", "indexed-2")));
  }

  @Test
  void healingDeletesOnlyTheStaleStoreAndItsCheckpointEntriesAndRecordsTheOrigin(
      @TempDir Path applicationDir) throws Exception {
    Path global = applicationDir.resolve("global");
    Files.createDirectories(global.resolve("rocksdb/crawl-jobs"));
    Files.createDirectories(global.resolve("rocksdb/crawl-indexed"));
    Files.writeString(global.resolve("rocksdb/crawl-jobs/000001.sst"), "jobs");
    Files.writeString(global.resolve("rocksdb/crawl-indexed/000001.sst"), "indexed");
    Files.writeString(global.resolve("crawl-indexed.position"), "");
    new OffsetCheckpoint(global.resolve(".checkpoint").toFile())
        .write(Map.of(partition("crawl.jobs"), 3L, partition("crawl.indexed"), 125L));
    StateHealer healer = new StateHealer(applicationDir, STORES, Duration.ofSeconds(1));
    ClusterView cluster = cluster("cluster-a", "jobs-1", range(0, 3), "indexed-1", range(0, 0));

    Origin recorded = healer.heal(null, cluster);

    assertThat(global.resolve("rocksdb/crawl-jobs/000001.sst")).exists();
    assertThat(global.resolve("rocksdb/crawl-indexed")).doesNotExist();
    assertThat(global.resolve("crawl-indexed.position")).doesNotExist();
    assertThat(healer.readCheckpoint()).isEqualTo(Map.of(partition("crawl.jobs"), 3L));
    assertThat(recorded).isEqualTo(ORIGIN);
    assertThat(healer.readOrigin()).isEqualTo(ORIGIN);
    // and healed state is judged healthy the next time
    assertThat(healer.heal(null, cluster)).isEqualTo(ORIGIN);
    assertThat(global.resolve("rocksdb/crawl-jobs/000001.sst")).exists();
  }

  private static TopicPartition partition(String topic) {
    return new TopicPartition(topic, 0);
  }

  private static OffsetRange range(long start, long end) {
    return new OffsetRange(start, end);
  }

  private static ClusterView cluster(
      String clusterId, String jobsId, OffsetRange jobs, String indexedId, OffsetRange indexed) {
    return new ClusterView(
        clusterId,
        Map.of(
            "crawl.jobs", new TopicView(jobsId, Map.of(0, jobs)),
            "crawl.indexed", new TopicView(indexedId, Map.of(0, indexed))));
  }
}
