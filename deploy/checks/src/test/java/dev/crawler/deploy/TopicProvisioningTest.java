package dev.crawler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.common.kafka.KafkaNames;
import dev.crawler.common.kafka.Topics;
import dev.crawler.common.kafka.Topics.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The topics provisioned by deploy/ (Strimzi KafkaTopics, the topic-creation script of the Job and
 * of docker-compose.yml) are exactly crawler-common's {@link Topics#all} and the frontier's
 * progress topic, under the services' topic prefix ({@link KafkaNames}).
 */
class TopicProvisioningTest {

  /**
   * A topic as provisioned.
   *
   * @param partitions its partition count, or -1 for "the cluster's partition count"
   */
  record Provisioned(String name, int partitions, short replicationFactor, boolean compacted) {}

  @TestFactory
  Stream<DynamicTest> strimziTopicsAreTheCrawlTopicsWithTheClusterPartitionCount() {
    return Rendered.perOverlay((overlay, objects) -> {
      List<KubeObject> topics =
          objects.stream().filter(o -> "KafkaTopic".equals(o.kind())).toList();
      if (topics.isEmpty()) {
        return;
      }
      Map<String, String> cluster = clusterSettings(objects);
      int partitions = Integer.parseInt(cluster.get("CRAWLER_KAFKA_PARTITIONS"));
      short replication = Short.parseShort(cluster.get("CRAWLER_KAFKA_REPLICATIONFACTOR"));
      KafkaNames names = new KafkaNames(cluster.get("CRAWLER_KAFKA_TOPICPREFIX"));
      // Strimzi creates the topic a KafkaTopic names; without spec.topicName that is its
      // Kubernetes name, which a prefix with other characters would make invalid.
      topics.forEach(t ->
          assertThat(t.name())
              .as(
                  "%s: a Kubernetes name (the topic prefix must be lower case, digits, - and .)",
                  t.id())
              .matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?"));
      Set<Provisioned> provisioned =
          topics.stream()
              .map(t ->
                  new Provisioned(
                      topicName(t),
                      Integer.parseInt(Tree.string(t.content(), "spec", "partitions")),
                      Short.parseShort(Tree.string(t.content(), "spec", "replicas")),
                      "compact"
                          .equals(Tree.string(t.content(), "spec", "config", "cleanup.policy"))))
              .collect(Collectors.toSet());
      assertThat(provisioned)
          .as(
              "KafkaTopics of %s versus Topics.all(%d, %d) with prefix '%s'",
              overlay, partitions, replication, names.prefix())
          .containsExactlyInAnyOrderElementsOf(expected(names, partitions, replication));
      Map<String, Map<String, String>> configs = new TreeMap<>();
      topics.forEach(t ->
          configs.put(
              topicName(t),
              Tree.map(t.content(), "spec", "config").entrySet().stream()
                  .collect(
                      Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())))));
      assertConfigured(overlay + " KafkaTopic", configs, names, replication);
    });
  }

  /**
   * Strimzi's Topic Operator watches only its Kafka cluster's namespace and label: a KafkaTopic
   * elsewhere (moved by an overlay's namespace:, say) is never created. The cluster is the one
   * KAFKA_BOOTSTRAP_SERVERS names when it is a Strimzi bootstrap Service
   * (<cluster>-kafka-bootstrap.<namespace>.svc).
   */
  @TestFactory
  Stream<DynamicTest> strimziTopicsAreInTheNamespaceAndClusterOfTheBootstrapServers() {
    Pattern strimzi = Pattern.compile("([a-z0-9-]+)-kafka-bootstrap\\.([a-z0-9-]+)(\\..*)?:\\d+");
    return Rendered.perOverlay((overlay, objects) -> {
      Matcher bootstrap =
          strimzi.matcher(clusterSettings(objects).get("KAFKA_BOOTSTRAP_SERVERS").split(",")[0]);
      if (!bootstrap.matches()) {
        return;
      }
      objects.stream()
          .filter(o -> "KafkaTopic".equals(o.kind()))
          .forEach(topic -> {
            assertThat(topic.namespace())
                .as("%s: namespace of the Kafka cluster %s", topic.id(), bootstrap.group())
                .isEqualTo(bootstrap.group(2));
            assertThat(Tree.string(topic.content(), "metadata", "labels", "strimzi.io/cluster"))
                .as("%s: strimzi.io/cluster of %s", topic.id(), bootstrap.group())
                .isEqualTo(bootstrap.group(1));
          });
    });
  }

  @Test
  void topicScriptCreatesTheCrawlTopicsWithTheClusterPartitionCountForKeyedTopics() {
    String script = DeployFiles.read(DeployFiles.topicScript());
    Matcher table = Pattern.compile("(?s)\\nTOPICS=\"(.*?)\"").matcher(script);
    assertThat(table.find()).as("create-topics.sh has a TOPICS table").isTrue();
    Set<Provisioned> provisioned = new TreeSet<>(java.util.Comparator.comparing(Provisioned::name));
    Map<String, Map<String, String>> configs = new TreeMap<>();
    for (String line : table.group(1).strip().split("\\R")) {
      String[] columns = line.strip().split("\\s+");
      assertThat(columns)
          .as("TOPICS line '%s': name, partitions, cleanup.policy, configuration", line)
          .hasSize(4);
      Map<String, String> config = new TreeMap<>();
      if (!columns[3].equals("-")) {
        for (String pair : columns[3].split(",")) {
          config.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
      }
      configs.put(columns[0], config);
      provisioned.add(
          new Provisioned(
              columns[0],
              columns[1].equals("keyed") ? -1 : Integer.parseInt(columns[1]),
              (short) -1,
              columns[2].equals("compact")));
    }
    // Which topics follow crawler.kafka.partitions: those whose count changes with it.
    Map<String, Integer> withTwo = partitionsByName(all(KafkaNames.NONE, 2, (short) 1));
    Set<Provisioned> expected =
        all(KafkaNames.NONE, 3, (short) 1).stream()
            .map(t ->
                new Provisioned(
                    t.name(),
                    t.partitions() != withTwo.get(t.name()) ? -1 : t.partitions(),
                    (short) -1,
                    t.compacted()))
            .collect(Collectors.toSet());
    assertThat(provisioned).containsExactlyInAnyOrderElementsOf(expected);
    // min.insync.replicas follows the replication factor the script is given, by this rule.
    Matcher minInSync =
        Pattern.compile(
                "-ge (\\d+) ]; then min_insync=(\\d+); else min_insync=(\\d+); fi[\\s\\S]*"
                    + "extra=\"\\$extra,min\\.insync\\.replicas=\\$min_insync\"")
            .matcher(script);
    assertThat(minInSync.find())
        .as("create-topics.sh adds min.insync.replicas=$min_insync to every topic")
        .isTrue();
    for (short replication = 1; replication <= 5; replication++) {
      String scripted =
          replication >= Integer.parseInt(minInSync.group(1))
              ? minInSync.group(2)
              : minInSync.group(3);
      assertThat(scripted)
          .as("create-topics.sh: min.insync.replicas for replication factor %d", replication)
          .isEqualTo(Integer.toString(Topics.minInSyncReplicas(replication)));
    }
    configs.values().forEach(c -> c.put("min.insync.replicas", minInSync.group(3)));
    assertConfigured("create-topics.sh", configs, KafkaNames.NONE, (short) 1);
    // Every name of the table is created under the prefix the services are given.
    assertThat(script)
        .as("create-topics.sh reads CRAWLER_KAFKA_TOPICPREFIX and puts it before each name")
        .contains("prefix=\"${CRAWLER_KAFKA_TOPICPREFIX:-}\"")
        .contains("name=\"$prefix$name\"");
  }

  /**
   * Each topic has the configuration Topics.all gives it (and may have more), and every topic that
   * deletes records says how long it keeps them: the broker default is 7 days of whatever the topic
   * carries, page bodies included.
   */
  private static void assertConfigured(
      String where, Map<String, Map<String, String>> configs, KafkaNames names, short replication) {
    for (TopicSpec topic : all(names, 3, replication)) {
      Map<String, String> configured = configs.getOrDefault(topic.name(), Map.of());
      assertThat(configured)
          .as("%s: configuration of %s", where, topic.name())
          .containsAllEntriesOf(topic.config())
          .containsKey("min.insync.replicas");
      if (!topic.compacted()) {
        assertThat(configured)
            .as("%s: retention of %s", where, topic.name())
            .containsKey("retention.ms");
      }
    }
  }

  @Test
  void composeTopicServiceUsesTheServicesPartitionCountAndReplicationFactor() {
    ComposeFile compose = new ComposeFile();
    Map<String, String> topics = ComposeFile.environment(compose.service("topics"));
    assertThat(Tree.list(compose.service("topics"), "volumes"))
        .as("the topics service runs deploy/k8s/components/topic-job/create-topics.sh")
        .anySatisfy(v ->
            assertThat(String.valueOf(v))
                .startsWith("./deploy/k8s/components/topic-job/create-topics.sh:"));
    compose
        .crawlerServices()
        .forEach((name, crawler) -> {
          assertThat(crawler.property("crawler.kafka.partitions"))
              .as("crawler.kafka.partitions of compose service %s", name)
              .contains(topics.get("CRAWLER_KAFKA_PARTITIONS"));
          assertThat(crawler.property("crawler.kafka.replication-factor"))
              .as("crawler.kafka.replication-factor of compose service %s", name)
              .contains(topics.get("CRAWLER_KAFKA_REPLICATIONFACTOR"));
          assertThat(crawler.property("spring.kafka.bootstrap-servers"))
              .as("spring.kafka.bootstrap-servers of compose service %s", name)
              .contains(topics.get("KAFKA_BOOTSTRAP_SERVERS"));
          assertThat(crawler.property("crawler.kafka.topic-prefix").orElse(""))
              .as("crawler.kafka.topic-prefix of compose service %s", name)
              .isEqualTo(topics.getOrDefault("CRAWLER_KAFKA_TOPICPREFIX", ""));
        });
  }

  @TestFactory
  Stream<DynamicTest> topicJobReadsTheClusterSettingsOfTheServices() {
    return Rendered.perOverlay((overlay, objects) ->
        objects.stream()
            .filter(o -> "Job".equals(o.kind()))
            .forEach(job -> {
              Map<String, String> environment =
                  ContainerEnvironment.of(job, job.containers().getFirst(), objects).variables();
              Map<String, String> cluster = clusterSettings(objects);
              for (String name :
                  List.of(
                      "KAFKA_BOOTSTRAP_SERVERS",
                      "CRAWLER_KAFKA_PARTITIONS",
                      "CRAWLER_KAFKA_REPLICATIONFACTOR",
                      "CRAWLER_KAFKA_TOPICPREFIX")) {
                assertThat(environment.getOrDefault(name, ""))
                    .as("%s of %s", name, job.id())
                    .isEqualTo(cluster.get(name));
              }
            }));
  }

  /**
   * A Job's pod template is immutable: if it named a ConfigMap whose name carries kustomize's
   * content hash, changing a setting within the Job's TTL would make kubectl apply fail ("field is
   * immutable").
   */
  @TestFactory
  Stream<DynamicTest> topicJobNamesNoConfigMapWhoseNameChangesWithItsContent() {
    Pattern hashed = Pattern.compile(".*-[a-z0-9]{10}");
    return Rendered.perOverlay((overlay, objects) ->
        objects.stream()
            .filter(o -> "Job".equals(o.kind()))
            .forEach(job -> {
              List<String> names = new java.util.ArrayList<>();
              for (Map<String, Object> container : job.containers()) {
                Tree.maps(container, "envFrom")
                    .forEach(e -> names.add(Tree.string(e, "configMapRef", "name")));
                Tree.maps(container, "env")
                    .forEach(
                        e -> names.add(Tree.string(e, "valueFrom", "configMapKeyRef", "name")));
              }
              Tree.maps(job.podSpec(), "volumes")
                  .forEach(v -> names.add(Tree.string(v, "configMap", "name")));
              assertThat(names.stream().filter(java.util.Objects::nonNull))
                  .as("%s: ConfigMaps its pod template names", job.id())
                  .noneMatch(name -> hashed.matcher(name).matches());
            }));
  }

  /** The settings every crawler container of the overlay agrees on (ServiceEnvironmentTest). */
  static Map<String, String> clusterSettings(List<KubeObject> objects) {
    CrawlerContainer any =
        CrawlerContainer.inOverlay("", objects).stream()
            .findFirst()
            .orElseThrow(() -> new AssertionError("the overlay runs no crawler service"))
            .crawler();
    return Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", any.required("spring.kafka.bootstrap-servers"),
        "CRAWLER_KAFKA_PARTITIONS", any.required("crawler.kafka.partitions"),
        "CRAWLER_KAFKA_REPLICATIONFACTOR", any.required("crawler.kafka.replication-factor"),
        "CRAWLER_KAFKA_TOPICPREFIX", any.property("crawler.kafka.topic-prefix").orElse(""));
  }

  private static String topicName(KubeObject topic) {
    String explicit = Tree.string(topic.content(), "spec", "topicName");
    return explicit != null ? explicit : topic.name();
  }

  /**
   * The topics a cluster needs before the services start: the crawl topics, and the frontier's
   * compacted, single-partition progress topic (FrontierConfiguration.frontierProgressTopic) under
   * the name its configuration gives, all under the install's names.
   */
  private static List<TopicSpec> all(KafkaNames names, int partitions, short replication) {
    String progress =
        CrawlerContainer.configuration(CrawlerService.FRONTIER)
            .effective("crawler.frontier.progress-topic", Map.of())
            .orElseThrow(() -> new AssertionError("frontier.yaml has no progress-topic"));
    return Stream.concat(
            names.all(partitions, replication).stream(),
            Stream.of(
                new TopicSpec(
                    names.topic(progress),
                    1,
                    replication,
                    true,
                    Map.of(
                        "min.insync.replicas",
                        Integer.toString(Topics.minInSyncReplicas(replication))))))
        .toList();
  }

  private static Set<Provisioned> expected(KafkaNames names, int partitions, short replication) {
    return all(names, partitions, replication).stream()
        .map(t -> new Provisioned(t.name(), t.partitions(), t.replicationFactor(), t.compacted()))
        .collect(Collectors.toSet());
  }

  private static Map<String, Integer> partitionsByName(List<TopicSpec> topics) {
    return topics.stream().collect(Collectors.toMap(TopicSpec::name, TopicSpec::partitions));
  }
}
