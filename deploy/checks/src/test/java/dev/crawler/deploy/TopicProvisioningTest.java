package dev.crawler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.common.kafka.Topics;
import dev.crawler.common.kafka.Topics.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * of docker-compose.yml) are exactly crawler-common's {@link Topics#all}.
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
          .as("KafkaTopics of %s versus Topics.all(%d, %d)", overlay, partitions, replication)
          .containsExactlyInAnyOrderElementsOf(expected(partitions, replication));
    });
  }

  @Test
  void topicScriptCreatesTheCrawlTopicsWithTheClusterPartitionCountForKeyedTopics() {
    String script = DeployFiles.read(DeployFiles.topicScript());
    Matcher table = Pattern.compile("(?s)\\nTOPICS=\"(.*?)\"").matcher(script);
    assertThat(table.find()).as("create-topics.sh has a TOPICS table").isTrue();
    Set<Provisioned> provisioned = new TreeSet<>(java.util.Comparator.comparing(Provisioned::name));
    for (String line : table.group(1).strip().split("\\R")) {
      String[] columns = line.strip().split("\\s+");
      assertThat(columns).as("TOPICS line '%s': name, partitions, cleanup.policy", line).hasSize(3);
      provisioned.add(
          new Provisioned(
              columns[0],
              columns[1].equals("keyed") ? -1 : Integer.parseInt(columns[1]),
              (short) -1,
              columns[2].equals("compact")));
    }
    // Which topics follow crawler.kafka.partitions: those whose count changes with it.
    Map<String, Integer> withTwo = partitionsByName(Topics.all(2, (short) 1));
    Set<Provisioned> expected =
        Topics.all(3, (short) 1).stream()
            .map(t ->
                new Provisioned(
                    t.name(),
                    t.partitions() != withTwo.get(t.name()) ? -1 : t.partitions(),
                    (short) -1,
                    t.compacted()))
            .collect(Collectors.toSet());
    assertThat(provisioned).containsExactlyInAnyOrderElementsOf(expected);
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
                      "CRAWLER_KAFKA_REPLICATIONFACTOR")) {
                assertThat(environment.get(name))
                    .as("%s of %s", name, job.id())
                    .isEqualTo(cluster.get(name));
              }
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
        "CRAWLER_KAFKA_REPLICATIONFACTOR", any.required("crawler.kafka.replication-factor"));
  }

  private static String topicName(KubeObject topic) {
    String explicit = Tree.string(topic.content(), "spec", "topicName");
    return explicit != null ? explicit : topic.name();
  }

  private static Set<Provisioned> expected(int partitions, short replication) {
    return Topics.all(partitions, replication).stream()
        .map(t -> new Provisioned(t.name(), t.partitions(), t.replicationFactor(), t.compacted()))
        .collect(Collectors.toSet());
  }

  private static Map<String, Integer> partitionsByName(List<TopicSpec> topics) {
    return topics.stream().collect(Collectors.toMap(TopicSpec::name, TopicSpec::partitions));
  }
}
