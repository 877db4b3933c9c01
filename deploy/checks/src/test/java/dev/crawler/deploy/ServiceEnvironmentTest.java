package dev.crawler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every environment variable given to a crawler service sets something the service reads: a
 * property documented in its {@code <service>.yaml} (in Spring Boot's relaxed environment form), a
 * variable its placeholders name, or a Spring Boot property. A misspelt variable is otherwise
 * ignored without a word. A variable from a source several services share (a ConfigMap, compose's
 * x-crawler-environment) must set something in at least one of them. And the settings that must
 * agree cluster-wide do.
 */
class ServiceEnvironmentTest {

  /** Read by the JVM launcher or by the pod spec itself, not by Spring. */
  private static final Set<String> PLATFORM_VARIABLES =
      Set.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "POD_NAME");

  private static final List<String> CLUSTER_WIDE =
      List.of(
          "spring.kafka.bootstrap-servers",
          "crawler.politeness-key",
          "crawler.kafka.partitions",
          "crawler.kafka.replication-factor",
          "crawler.kafka.topic-prefix");

  @TestFactory
  Stream<DynamicTest> kubernetesContainersSetOnlyPropertiesTheServiceReads() {
    return Rendered.perOverlay((overlay, objects) -> {
      List<CrawlerContainer.Deployed> deployed = CrawlerContainer.inOverlay(overlay, objects);
      assertAllBound(
          deployed.stream().map(CrawlerContainer.Deployed::crawler).toList(),
          (container, variable) -> sharers(deployed, container, variable));
    });
  }

  @Test
  void composeServicesSetOnlyPropertiesTheServiceReads() {
    ComposeFile compose = new ComposeFile();
    Collection<CrawlerContainer> services = compose.crawlerServices().values();
    Set<String> shared = compose.sharedCrawlerEnvironment().keySet();
    assertAllBound(
        services, (container, variable) -> shared.contains(variable) ? services : List.of());
  }

  /** The containers that read the ConfigMaps a container gets the variable from. */
  private static List<CrawlerContainer> sharers(
      List<CrawlerContainer.Deployed> deployed, CrawlerContainer container, String variable) {
    Set<String> sources =
        deployed.stream()
            .filter(d -> d.crawler() == container)
            .flatMap(d -> d.environment().configMaps().entrySet().stream())
            .filter(configMap -> configMap.getValue().contains(variable))
            .map(Map.Entry::getKey)
            .collect(Collectors.toSet());
    return deployed.stream()
        .filter(d -> d.environment().configMaps().keySet().stream().anyMatch(sources::contains))
        .map(CrawlerContainer.Deployed::crawler)
        .toList();
  }

  @TestFactory
  Stream<DynamicTest> kubernetesServicesAgreeOnClusterWideSettings() {
    return Rendered.perOverlay((overlay, objects) ->
        assertAgree(
            CrawlerContainer.inOverlay(overlay, objects).stream()
                .map(CrawlerContainer.Deployed::crawler)
                .toList()));
  }

  @Test
  void composeServicesAgreeOnClusterWideSettings() {
    assertAgree(new ComposeFile().crawlerServices().values());
  }

  @TestFactory
  Stream<DynamicTest> everyOverlayRunsAllFourServices() {
    return Rendered.perOverlay((overlay, objects) ->
        assertThat(
                CrawlerContainer.inOverlay(overlay, objects).stream()
                    .map(d -> d.crawler().service())
                    .distinct())
            .containsExactlyInAnyOrder(CrawlerService.values()));
  }

  /**
   * @param sharers the containers that get a variable from the same shared source as the given
   *     container, if it comes from one
   */
  private static void assertAllBound(
      Collection<CrawlerContainer> containers,
      BiFunction<CrawlerContainer, String, Collection<CrawlerContainer>> sharers) {
    assertThat(containers).isNotEmpty();
    Set<String> unbound = new TreeSet<>();
    for (CrawlerContainer container : containers) {
      for (String variable : container.environment().keySet()) {
        boolean bound =
            PLATFORM_VARIABLES.contains(variable)
                || binds(container, variable)
                || sharers.apply(container, variable).stream().anyMatch(c -> binds(c, variable));
        if (!bound) {
          unbound.add(container.where() + ": " + variable);
        }
      }
    }
    assertThat(unbound)
        .as(
            "environment variables that set no property of the service (a typo, or a property"
                + " missing from <service>.yaml)")
        .isEmpty();
  }

  private static boolean binds(CrawlerContainer container, String variable) {
    ServiceConfiguration configuration = container.configuration();
    return configuration.placeholderNames().contains(variable)
        || configuration.propertyOf(variable).isPresent()
        || SpringBootProperties.binds(variable);
  }

  private static void assertAgree(Collection<CrawlerContainer> containers) {
    for (String property : CLUSTER_WIDE) {
      Map<String, String> values = new TreeMap<>();
      // A service that does not read the property (the indexer and the politeness key) has no say.
      containers.stream()
          .filter(c -> c.configuration().propertyNames().contains(property))
          .forEach(c -> values.put(c.where(), c.required(property)));
      assertThat(Set.copyOf(values.values()))
          .as("%s must be one value for all services, is %s", property, values)
          .hasSize(1);
    }
  }
}
