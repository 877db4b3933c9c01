package dev.crawler.frontier.scheduling;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.internals.OffsetCheckpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a frontier's state directory fit the Kafka cluster it runs against, before Kafka Streams
 * opens it.
 *
 * <p>The global stores ({@code crawl.jobs}, the progress topic, {@code crawl.indexed}) are copies
 * of their topics that Kafka Streams resumes from the offsets in {@code <app>/global/.checkpoint}.
 * When those offsets do not fit the topic (beyond its end: a new cluster or a recreated topic;
 * before its log start: records deleted while the frontier was away; a partition the topic lacks)
 * or the topic is another one than the store was read from (its topic id changed), Kafka Streams'
 * global thread either dies with {@code OffsetOutOfRangeException} or, worse, goes on with a copy
 * that silently misses records. Such a store is deleted with its checkpoint entries, and Kafka
 * Streams reads it again from the topic; a store that fits is kept.
 *
 * <p>Local stores are restored by Kafka Streams itself from their changelogs, which handles offsets
 * out of range. It cannot see a state directory built on another cluster, though: the new cluster's
 * changelogs are empty, which it takes for "nothing to restore", and it would run on the old
 * cluster's rows. The cluster id each state directory was built on is therefore recorded beside it
 * ({@value #ORIGIN_FILE}, with the global topics' ids), and state from another cluster is cleaned
 * up as a whole ({@link KafkaStreams#cleanUp()}): every store of it is derived from that cluster's
 * topics, which still hold it, so nothing is lost here, and every store is rebuilt from this
 * cluster's.
 *
 * <p>Reads Kafka Streams' checkpoint file with its own reader ({@link OffsetCheckpoint}, public
 * though in an internal package), so the two cannot disagree on its format.
 */
final class StateHealer {

  /** Beside Kafka Streams' files in the application's state directory; Kafka Streams skips it. */
  static final String ORIGIN_FILE = "kafka-origin.properties";

  static final String GLOBAL_DIR = "global";
  static final String CHECKPOINT_FILE = ".checkpoint";
  private static final String CLUSTER_KEY = "cluster.id";
  private static final String TOPIC_KEY_PREFIX = "topic.";

  private static final Logger log = LoggerFactory.getLogger(StateHealer.class);

  private final Path applicationDir;
  private final Map<String, String> topicByStore;
  private final Duration timeout;

  /**
   * @param applicationDir the application's state directory ({@code state.dir/application.id})
   * @param topicByStore each global store's topic, by store name
   * @param timeout how long each question to Kafka may take
   */
  StateHealer(Path applicationDir, Map<String, String> topicByStore, Duration timeout) {
    this.applicationDir = applicationDir;
    this.topicByStore = Map.copyOf(topicByStore);
    this.timeout = timeout;
  }

  /** What the cluster holds now of the global topics. */
  record ClusterView(String clusterId, Map<String, TopicView> topics) {

    /** The topic's id and each partition's offsets; absent from {@link #topics} if missing. */
    record TopicView(String topicId, Map<Integer, OffsetRange> partitions) {}

    /** A partition's log start offset and end offset (its high watermark). */
    record OffsetRange(long start, long end) {}
  }

  /** What the state directory was built on: the cluster and each global topic's id. */
  record Origin(String clusterId, Map<String, String> topicIds) {

    static final Origin NONE = new Origin(null, Map.of());

    /** The origin after this view: this cluster, its topics' ids, missing topics' ids kept. */
    Origin updatedBy(ClusterView view) {
      Map<String, String> ids = new TreeMap<>(topicIds);
      view.topics().forEach((topic, seen) -> ids.put(topic, seen.topicId()));
      return new Origin(view.clusterId(), ids);
    }
  }

  /** What to do with a state directory. */
  sealed interface Verdict {

    /** The state fits. */
    record Keep() implements Verdict {}

    /** The whole state was built on another cluster. */
    record Reset(String builtOn, String now) implements Verdict {}

    /** These global stores do not fit their topics: the reason, by store name. */
    record Rebuild(Map<String, String> reasons) implements Verdict {}
  }

  /**
   * Judges a state directory.
   *
   * @param origin what the directory was built on, {@link Origin#NONE} if not recorded
   * @param checkpoint the global checkpoint's offsets; null if it exists but cannot be read
   * @param topicByStore each global store's topic, by store name
   * @param now the cluster
   */
  static Verdict judge(
      Origin origin,
      Map<TopicPartition, Long> checkpoint,
      Map<String, String> topicByStore,
      ClusterView now) {
    if (origin.clusterId() != null
        && now.clusterId() != null
        && !origin.clusterId().equals(now.clusterId())) {
      return new Verdict.Reset(origin.clusterId(), now.clusterId());
    }
    Map<String, String> reasons = new LinkedHashMap<>();
    if (checkpoint == null) {
      topicByStore.keySet().forEach(store -> reasons.put(store, "the checkpoint is unreadable"));
      return new Verdict.Rebuild(reasons);
    }
    Set<String> globalTopics = Set.copyOf(topicByStore.values());
    for (TopicPartition partition : checkpoint.keySet()) {
      if (!globalTopics.contains(partition.topic())) {
        // Kafka Streams refuses to start on such a checkpoint; the stores came from another
        // topology (a renamed progress topic).
        topicByStore
            .keySet()
            .forEach(store ->
                reasons.put(
                    store,
                    "the checkpoint names " + partition.topic() + ", which no global store reads"));
        return new Verdict.Rebuild(reasons);
      }
    }
    topicByStore.forEach((store, topic) -> {
      ClusterView.TopicView seen = now.topics().get(topic);
      if (seen == null) {
        return; // missing: Kafka Streams waits for it, and it is judged once it exists
      }
      String recordedId = origin.topicIds().get(topic);
      if (recordedId != null && !recordedId.equals(seen.topicId())) {
        reasons.put(
            store,
            topic + " was recreated (topic id " + recordedId + ", now " + seen.topicId() + ")");
        return;
      }
      checkpoint.entrySet().stream()
          .filter(entry -> entry.getKey().topic().equals(topic) && entry.getValue() >= 0)
          .sorted(Map.Entry.comparingByKey(Comparator.comparingInt(TopicPartition::partition)))
          .map(entry -> misfit(entry.getKey(), entry.getValue(), seen))
          .flatMap(Optional::stream)
          .findFirst()
          .ifPresent(reason -> reasons.put(store, reason));
    });
    return reasons.isEmpty() ? new Verdict.Keep() : new Verdict.Rebuild(reasons);
  }

  private static Optional<String> misfit(
      TopicPartition partition, long offset, ClusterView.TopicView topic) {
    ClusterView.OffsetRange range = topic.partitions().get(partition.partition());
    if (range == null) {
      return Optional.of("the checkpoint names " + partition + ", which the topic does not have");
    }
    if (offset > range.end()) {
      return Optional.of(
          "checkpoint " + offset + " of " + partition + " is beyond its end " + range.end());
    }
    if (offset < range.start()) {
      return Optional.of(
          "checkpoint "
              + offset
              + " of "
              + partition
              + " is before its log start "
              + range.start()
              + " (records deleted meanwhile)");
    }
    return Optional.empty();
  }

  /**
   * Asks the cluster about the global topics.
   *
   * @throws IllegalStateException if Kafka does not answer in time or refuses
   */
  ClusterView observe(Admin admin) {
    String clusterId = await(admin.describeCluster().clusterId());
    Map<String, ClusterView.TopicView> topics = new HashMap<>();
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    Map<String, TopicDescription> described = new HashMap<>();
    admin
        .describeTopics(Set.copyOf(topicByStore.values()))
        .topicNameValues()
        .forEach((topic, future) -> {
          try {
            TopicDescription description = await(future);
            described.put(topic, description);
            description
                .partitions()
                .forEach(partition -> {
                  TopicPartition key = new TopicPartition(topic, partition.partition());
                  earliest.put(key, OffsetSpec.earliest());
                  latest.put(key, OffsetSpec.latest());
                });
          } catch (MissingTopicException missing) {
            // judged once it exists
          }
        });
    Map<TopicPartition, ListOffsetsResultInfo> starts =
        earliest.isEmpty() ? Map.of() : await(admin.listOffsets(earliest).all());
    Map<TopicPartition, ListOffsetsResultInfo> ends =
        latest.isEmpty() ? Map.of() : await(admin.listOffsets(latest).all());
    described.forEach((topic, description) -> {
      Map<Integer, ClusterView.OffsetRange> partitions = new TreeMap<>();
      description
          .partitions()
          .forEach(partition -> {
            TopicPartition key = new TopicPartition(topic, partition.partition());
            partitions.put(
                partition.partition(),
                new ClusterView.OffsetRange(starts.get(key).offset(), ends.get(key).offset()));
          });
      topics.put(topic, new ClusterView.TopicView(description.topicId().toString(), partitions));
    });
    return new ClusterView(clusterId, topics);
  }

  /**
   * Brings the state directory in line with the cluster, before {@code streams} starts (it holds
   * the directory's lock, so no other instance uses it), and records what it now fits.
   *
   * @param streams created, not started
   * @param now the cluster
   * @return the origin recorded
   */
  Origin heal(KafkaStreams streams, ClusterView now) {
    Origin origin = readOrigin();
    Verdict verdict = judge(origin, readCheckpoint(), topicByStore, now);
    switch (verdict) {
      case Verdict.Keep keep -> {}
      case Verdict.Reset reset -> {
        log.warn(
            "event=frontier_state_reset reason=other_kafka_cluster state_dir={} built_on={}"
                + " cluster_id={} detail=\"this state was built on Kafka cluster {}; every store"
                + " is rebuilt from cluster {}. If {} is not the cluster this frontier should use,"
                + " stop it and correct spring.kafka.bootstrap-servers: cluster {} still holds its"
                + " state in its changelog topics\"",
            applicationDir,
            reset.builtOn(),
            reset.now(),
            reset.builtOn(),
            reset.now(),
            reset.now(),
            reset.builtOn());
        streams.cleanUp();
        origin = Origin.NONE;
      }
      case Verdict.Rebuild rebuild -> rebuild(rebuild.reasons());
    }
    return record(origin.updatedBy(now));
  }

  private void rebuild(Map<String, String> reasons) {
    Path global = applicationDir.resolve(GLOBAL_DIR);
    Set<String> topics = new HashSet<>();
    for (Map.Entry<String, String> stale : reasons.entrySet()) {
      String store = stale.getKey();
      topics.add(topicByStore.get(store));
      deleteRecursively(global.resolve("rocksdb").resolve(store));
      deleteRecursively(global.resolve(store + ".position"));
      log.warn(
          "event=global_store_rebuilt store={} topic={} reason=\"{}\" action=\"deleted; read"
              + " again from the topic\"",
          store,
          topicByStore.get(store),
          stale.getValue());
    }
    OffsetCheckpoint checkpoint = new OffsetCheckpoint(global.resolve(CHECKPOINT_FILE).toFile());
    Map<TopicPartition, Long> offsets = readCheckpoint();
    try {
      if (offsets == null) {
        checkpoint.delete();
      } else {
        Map<TopicPartition, Long> kept = new HashMap<>(offsets);
        kept.keySet()
            .removeIf(partition ->
                topics.contains(partition.topic())
                    || !topicByStore.containsValue(partition.topic()));
        if (kept.isEmpty()) {
          checkpoint.delete();
        } else {
          checkpoint.write(kept);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rewrite " + global.resolve(CHECKPOINT_FILE), e);
    }
  }

  /** The global checkpoint's offsets: empty if there is none, null if it cannot be read. */
  Map<TopicPartition, Long> readCheckpoint() {
    Path file = applicationDir.resolve(GLOBAL_DIR).resolve(CHECKPOINT_FILE);
    try {
      return new OffsetCheckpoint(file.toFile()).read();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** What the directory was recorded as built on; {@link Origin#NONE} if nothing was. */
  Origin readOrigin() {
    Path file = applicationDir.resolve(ORIGIN_FILE);
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      properties.load(in);
    } catch (NoSuchFileException missing) {
      return Origin.NONE;
    } catch (IOException | IllegalArgumentException e) {
      log.warn("event=state_origin_unreadable file={} error=\"{}\"", file, e.getMessage());
      return Origin.NONE;
    }
    Map<String, String> ids = new TreeMap<>();
    properties.stringPropertyNames().stream()
        .filter(key -> key.startsWith(TOPIC_KEY_PREFIX))
        .forEach(
            key -> ids.put(key.substring(TOPIC_KEY_PREFIX.length()), properties.getProperty(key)));
    return new Origin(properties.getProperty(CLUSTER_KEY), ids);
  }

  /** Records what the state directory is built on; returns {@code origin}. */
  Origin record(Origin origin) {
    Properties properties = new Properties();
    if (origin.clusterId() != null) {
      properties.setProperty(CLUSTER_KEY, origin.clusterId());
    }
    origin.topicIds().forEach((topic, id) -> properties.setProperty(TOPIC_KEY_PREFIX + topic, id));
    Path file = applicationDir.resolve(ORIGIN_FILE);
    Path temporary = applicationDir.resolve(ORIGIN_FILE + ".tmp");
    try {
      Files.createDirectories(applicationDir);
      try (Writer out = Files.newBufferedWriter(temporary)) {
        properties.store(
            out, "The Kafka cluster and global topics this frontier state was built on");
      }
      try {
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return origin;
  }

  private static void deleteRecursively(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(path)) {
      List<Path> all = new ArrayList<>(tree.toList());
      all.sort(Comparator.reverseOrder());
      for (Path each : all) {
        Files.deleteIfExists(each);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }

  private <T> T await(KafkaFuture<T> future) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking Kafka", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new MissingTopicException();
      }
      throw new IllegalStateException(
          "Kafka did not answer: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer within " + timeout, e);
    }
  }

  /** A global topic that does not exist (yet). */
  private static final class MissingTopicException extends RuntimeException {
    MissingTopicException() {
      super(null, null, false, false);
    }
  }
}
