package dev.crawler.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Grafana dashboards query only what is exported: metric names the services register (as
 * Micrometer's Prometheus registry names them), labels those metrics carry, and the series of the
 * exporters the compose Prometheus scrapes. Renaming a meter, dropping a tag or a histogram, or
 * removing the Kafka exporter makes this fail instead of leaving an empty panel. Compose's Grafana
 * loads the dashboards with the compose Prometheus as their datasource.
 */
class DashboardMetricsTest {

  /** Labels Prometheus adds to every series it scrapes. */
  private static final Set<String> TARGET_LABELS = Set.of("job", "instance");

  /**
   * Series of the exporters beside the services, by the Prometheus job that scrapes them, with
   * their labels: the Kafka exporter's consumer-group lag (danielqsj/kafka-exporter, also what
   * Strimzi's Kafka Exporter runs).
   */
  private static final Map<String, Map<String, Set<String>>> EXPORTERS =
      Map.of(
          "kafka-exporter",
          Map.of("kafka_consumergroup_lag", Set.of("consumergroup", "topic", "partition")));

  /** Prometheus's own series for every target. */
  private static final Set<String> PROMETHEUS_SERIES = Set.of("up");

  @TestFactory
  Stream<DynamicTest> everyMetricTheDashboardsQueryIsExportedByAServiceOrAScrapedExporter() {
    return queries((query, exported) -> {
      assertThat(query.query().metrics()).as("%s queries a metric", query.where()).isNotEmpty();
      for (String metric : query.query().metrics()) {
        assertThat(labelsOf(metric, exported))
            .as(
                "%s queries %s, which no service registers and no scraped exporter exports;"
                    + " the services export %s",
                query.where(), metric, similar(metric, exported.keySet()))
            .isNotNull();
      }
    });
  }

  @TestFactory
  Stream<DynamicTest> labelsTheDashboardsSelectAndGroupByAreOnTheMetricsTheyQuery() {
    return queries((query, exported) -> {
      Set<String> available = new TreeSet<>(TARGET_LABELS);
      // An unknown metric is the other test's failure; here only its labels are missing.
      query.query().metrics().stream()
          .map(m -> labelsOf(m, exported))
          .filter(Objects::nonNull)
          .forEach(available::addAll);
      for (String label : query.query().groupingLabels()) {
        assertThat(available).as("%s groups by %s", query.where(), label).contains(label);
      }
      for (PromQuery.LabelMatcher matcher : query.query().matchers()) {
        Set<String> labels =
            matcher.metric() == null
                ? available
                : Objects.requireNonNullElse(labelsOf(matcher.metric(), exported), available);
        assertThat(labels)
            .as("%s selects %s on %s", query.where(), matcher.label(), matcher.metric())
            .contains(matcher.label());
        ExportedMetrics.Series series = exported.get(matcher.metric());
        Set<String> values =
            series == null ? Set.of() : series.labels().getOrDefault(matcher.label(), Set.of());
        if ("=".equals(matcher.operator())
            && !values.isEmpty()
            && !values.contains(ExportedMetrics.ANY_VALUE)) {
          assertThat(values)
              .as("%s: values of %s on %s", query.where(), matcher.label(), matcher.metric())
              .contains(matcher.value());
        }
      }
    });
  }

  @Test
  void theDashboardsShowEveryServiceAndTheConsumerLag() {
    Map<String, ExportedMetrics.Series> exported = ExportedMetrics.all();
    Set<CrawlerService> shown = new TreeSet<>();
    Set<String> queried = new TreeSet<>();
    for (GrafanaDashboard dashboard : GrafanaDashboard.all()) {
      for (GrafanaDashboard.Query query : dashboard.queries()) {
        for (String metric : query.query().metrics()) {
          queried.add(metric);
          ExportedMetrics.Series series = exported.get(metric);
          // JVM meters come from every service; a stage counts as shown by a meter of its own.
          if (series != null && series.services().size() == 1) {
            shown.addAll(series.services());
          }
        }
      }
    }
    assertThat(shown)
        .as("services with a panel of their own")
        .containsExactlyInAnyOrder(CrawlerService.values());
    assertThat(queried)
        .as("consumer lag and JVM panels")
        .contains("kafka_consumergroup_lag", "jvm_memory_used_bytes", "process_cpu_usage");
  }

  @Test
  void panelsHaveUniqueIdsAndQueryThroughTheDatasourceVariable() {
    for (GrafanaDashboard dashboard : GrafanaDashboard.all()) {
      Set<Integer> ids = new TreeSet<>();
      for (JsonNode panel : dashboard.panels()) {
        assertThat(ids.add(panel.path("id").asInt()))
            .as("%s: panel id %s is unique", dashboard.name(), panel.path("id"))
            .isTrue();
      }
      assertThat(dashboard.content().path("uid").asText())
          .as("%s uid", dashboard.name())
          .isNotBlank();
      for (GrafanaDashboard.Query query : dashboard.queries()) {
        assertThat(query.panel().path("datasource").path("uid").asText())
            .as("%s datasource", query.where())
            .isEqualTo("${datasource}");
      }
    }
  }

  @Test
  void composeGrafanaLoadsTheDashboardsWithTheComposePrometheus() {
    ComposeFile compose = new ComposeFile();
    Map<String, Object> grafana = compose.service("grafana");
    List<String> volumes = Tree.list(grafana, "volumes").stream().map(String::valueOf).toList();
    Map<String, Object> provider =
        Tree.maps(
                DeployFiles.yamlDocument(
                    DeployFiles.repository()
                        .resolve("deploy/grafana/provisioning/dashboards/crawler.yaml")),
                "providers")
            .getFirst();
    assertThat(volumes)
        .contains(
            "./deploy/grafana/provisioning:/etc/grafana/provisioning:ro",
            "./deploy/grafana/dashboards:" + Tree.string(provider, "options", "path") + ":ro");
    Map<String, Object> datasource =
        Tree.maps(
                DeployFiles.yamlDocument(
                    DeployFiles.repository()
                        .resolve("deploy/grafana/provisioning/datasources/prometheus.yaml")),
                "datasources")
            .getFirst();
    URI url = URI.create(Tree.string(datasource, "url"));
    assertThat(Tree.string(datasource, "type")).isEqualTo("prometheus");
    assertThat(compose.services()).containsKey(url.getHost());
    assertThat(Tree.list(compose.service(url.getHost()), "ports").stream().map(String::valueOf))
        .anyMatch(port -> port.endsWith(":" + url.getPort()));
  }

  @Test
  void composePrometheusScrapesEveryExporterTheDashboardsUse() {
    ComposeFile compose = new ComposeFile();
    List<Map<String, Object>> jobs =
        Tree.maps(DeployFiles.yamlDocument(DeployFiles.prometheus()), "scrape_configs");
    for (String exporter : EXPORTERS.keySet()) {
      Map<String, Object> job =
          jobs.stream()
              .filter(j -> exporter.equals(Tree.string(j, "job_name")))
              .findFirst()
              .orElseThrow(() -> new AssertionError("prometheus.yml has no job " + exporter));
      for (Map<String, Object> config : Tree.maps(job, "static_configs")) {
        for (Object target : Tree.list(config, "targets")) {
          String host = String.valueOf(target).replaceFirst(":\\d+$", "");
          assertThat(compose.services())
              .as("target %s of job %s", target, exporter)
              .containsKey(host);
        }
      }
    }
  }

  /** The labels of a series, or null if neither a service nor a scraped exporter exports it. */
  private static Set<String> labelsOf(String metric, Map<String, ExportedMetrics.Series> exported) {
    ExportedMetrics.Series series = exported.get(metric);
    if (series != null) {
      Set<String> labels = new TreeSet<>(TARGET_LABELS);
      labels.addAll(series.labels().keySet());
      return labels;
    }
    if (PROMETHEUS_SERIES.contains(metric)) {
      return TARGET_LABELS;
    }
    return EXPORTERS.values().stream()
        .filter(e -> e.containsKey(metric))
        .findFirst()
        .map(e -> {
          Set<String> labels = new TreeSet<>(TARGET_LABELS);
          labels.addAll(e.get(metric));
          return labels;
        })
        .orElse(null);
  }

  /** The exported names sharing the metric's first two words, or all of them. */
  private static Set<String> similar(String metric, Set<String> exported) {
    String prefix = metric.replaceFirst("^([^_]+_[^_]+).*$", "$1");
    Set<String> similar = new TreeSet<>();
    exported.stream().filter(name -> name.startsWith(prefix)).forEach(similar::add);
    return similar.isEmpty() ? exported : similar;
  }

  private interface QueryCheck {
    void check(GrafanaDashboard.Query query, Map<String, ExportedMetrics.Series> exported);
  }

  /** One dynamic test per panel query of every dashboard. */
  private static Stream<DynamicTest> queries(QueryCheck check) {
    Map<String, ExportedMetrics.Series> exported = ExportedMetrics.all();
    return GrafanaDashboard.all().stream()
        .flatMap(d -> d.queries().stream())
        .map(q -> dynamicTest(q.where(), () -> check.check(q, exported)));
  }
}
