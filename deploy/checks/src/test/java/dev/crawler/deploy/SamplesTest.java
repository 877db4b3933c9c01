package dev.crawler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.common.kafka.Topics;
import dev.crawler.common.kafka.Topics.TopicSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The sample Strimzi Kafka and KafkaUsers and the ECK Elasticsearch of deploy/k8s/samples match
 * their APIs (KubernetesSchemas) and the base's defaults: the bootstrap address and the
 * Elasticsearch URI name them, and every crawl topic has a user that writes it and one that reads
 * it.
 */
class SamplesTest {

  private static final Pattern STRIMZI_BOOTSTRAP =
      Pattern.compile("([a-z0-9-]+)-kafka-bootstrap\\.([a-z0-9-]+)\\.svc:\\d+");
  private static final Pattern ECK_SERVICE =
      Pattern.compile("([a-z0-9-]+)-es-http\\.([a-z0-9-]+)\\.svc");

  private final List<KubeObject> samples = samples();
  private final CrawlerContainer indexer = base(CrawlerService.INDEXER);

  @Test
  void samplesMatchTheirApis() {
    assertThat(samples)
        .extracting(KubeObject::kind)
        .contains("Kafka", "KafkaUser", "Elasticsearch");
    samples.forEach(KubernetesSchemas::validate);
  }

  @Test
  void theBaseBootstrapAddressIsTheSampleKafkaCluster() {
    Matcher bootstrap =
        STRIMZI_BOOTSTRAP.matcher(indexer.required("spring.kafka.bootstrap-servers"));
    assertThat(bootstrap.matches()).as("a Strimzi bootstrap address").isTrue();
    KubeObject kafka = only("Kafka");
    assertThat(List.of(kafka.name(), kafka.namespace()))
        .containsExactly(bootstrap.group(1), bootstrap.group(2));
    for (KubeObject labelled :
        samples.stream().filter(o -> o.kind().startsWith("Kafka") && o != kafka).toList()) {
      assertThat(labelled.namespace())
          .as("%s namespace", labelled.id())
          .isEqualTo(bootstrap.group(2));
      assertThat(Tree.string(labelled.content(), "metadata", "labels", "strimzi.io/cluster"))
          .as("%s strimzi.io/cluster", labelled.id())
          .isEqualTo(bootstrap.group(1));
    }
  }

  @Test
  void theBaseElasticsearchUriIsTheSampleEckClusterOverHttpsWithItsCa() {
    URI uri = URI.create(indexer.required("crawler.indexer.elasticsearch.uris").split(",")[0]);
    Matcher service = ECK_SERVICE.matcher(uri.getHost());
    assertThat(service.matches()).as("an ECK HTTP Service: %s", uri).isTrue();
    KubeObject elasticsearch = only("Elasticsearch");
    assertThat(List.of(elasticsearch.name(), elasticsearch.namespace()))
        .containsExactly(service.group(1), service.group(2));
    assertThat(uri.getScheme()).as("ECK serves HTTPS unless told otherwise").isEqualTo("https");
    assertThat(indexer.property("crawler.indexer.elasticsearch.ca-certificate"))
        .as("the indexer trusts ECK's CA")
        .isPresent();
  }

  @Test
  void everyCrawlTopicHasAUserThatWritesItAndOneThatReadsIt() {
    Set<String> read = new TreeSet<>();
    Set<String> written = new TreeSet<>();
    for (KubeObject user : samples.stream().filter(o -> o.kind().equals("KafkaUser")).toList()) {
      for (Map<String, Object> acl : Tree.maps(user.content(), "spec", "authorization", "acls")) {
        if ("topic".equals(Tree.string(acl, "resource", "type"))
            && "literal".equals(Tree.string(acl, "resource", "patternType"))) {
          List<Object> operations = Tree.list(acl, "operations");
          String topic = Tree.string(acl, "resource", "name");
          if (operations.contains("Read")) {
            read.add(topic);
          }
          if (operations.contains("Write")) {
            written.add(topic);
          }
        }
      }
    }
    Set<String> topics =
        Stream.concat(
                Topics.all(1, (short) 1).stream().map(TopicSpec::name),
                Stream.of(
                    CrawlerContainer.configuration(CrawlerService.FRONTIER)
                        .effective("crawler.frontier.progress-topic", Map.of())
                        .orElseThrow()))
            .collect(Collectors.toCollection(TreeSet::new));
    // Dead letters are read by people, not by a service.
    assertThat(read).as("topics some KafkaUser reads").containsAll(without(topics, Topics.DLQ));
    assertThat(written).as("topics some KafkaUser writes").containsAll(topics);
  }

  private static Set<String> without(Set<String> names, String name) {
    Set<String> rest = new TreeSet<>(names);
    rest.remove(name);
    return rest;
  }

  private KubeObject only(String kind) {
    List<KubeObject> found = samples.stream().filter(o -> o.kind().equals(kind)).toList();
    assertThat(found).as("samples of kind %s", kind).hasSize(1);
    return found.getFirst();
  }

  private static CrawlerContainer base(CrawlerService service) {
    List<KubeObject> objects = Rendered.overlays().get("base");
    return CrawlerContainer.inOverlay("base", objects).stream()
        .map(CrawlerContainer.Deployed::crawler)
        .filter(c -> c.service() == service)
        .findFirst()
        .orElseThrow();
  }

  private static List<KubeObject> samples() {
    Path dir = DeployFiles.repository().resolve("deploy/k8s/samples");
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.toString().endsWith(".yaml"))
          .sorted()
          .flatMap(f ->
              KubeObject.all("samples/" + f.getFileName(), DeployFiles.yamlDocuments(f)).stream())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
