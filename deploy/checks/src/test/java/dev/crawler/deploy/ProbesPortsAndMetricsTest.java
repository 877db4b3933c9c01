package dev.crawler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Health checks, ports and metrics scraping point at what the services serve: the actuator's
 * liveness and readiness health groups and its Prometheus endpoint, on the port the service listens
 * on with its configuration in that deployment.
 */
class ProbesPortsAndMetricsTest {

  @TestFactory
  Stream<DynamicTest> kubernetesProbesUseTheActuatorHealthGroupsOnTheServicePort() {
    return Rendered.perOverlay((overlay, objects) -> {
      for (CrawlerContainer.Deployed deployed : CrawlerContainer.inOverlay(overlay, objects)) {
        CrawlerContainer crawler = deployed.crawler();
        int port = crawler.managementPort();
        String health = crawler.actuatorBasePath() + "/health";
        assertProbe(deployed, "startupProbe", health + "/liveness", port);
        assertProbe(deployed, "livenessProbe", health + "/liveness", port);
        assertProbe(deployed, "readinessProbe", health + "/readiness", port);
        // Spring Boot turns the health groups on by itself on Kubernetes; never off.
        assertThat(crawler.property("management.endpoint.health.probes.enabled"))
            .as("%s: management.endpoint.health.probes.enabled", crawler.where())
            .isNotEqualTo(Optional.of("false"));
      }
    });
  }

  @TestFactory
  Stream<DynamicTest> kubernetesPodsAnnounceThePrometheusEndpointTheyExpose() {
    return Rendered.perOverlay((overlay, objects) -> {
      for (CrawlerContainer.Deployed deployed : CrawlerContainer.inOverlay(overlay, objects)) {
        CrawlerContainer crawler = deployed.crawler();
        Map<String, Object> annotations =
            Tree.map(deployed.workload().content(), "spec", "template", "metadata", "annotations");
        assertThat(annotations)
            .as("%s: Prometheus scrape annotations", crawler.where())
            .containsEntry("prometheus.io/scrape", "true")
            .containsEntry("prometheus.io/path", crawler.actuatorBasePath() + "/prometheus")
            .containsEntry("prometheus.io/port", String.valueOf(crawler.managementPort()));
        assertPrometheusExposed(crawler);
      }
    });
  }

  @TestFactory
  Stream<DynamicTest> kubernetesServicesTargetAPortTheirPodsDeclare() {
    return Rendered.perOverlay((overlay, objects) -> {
      List<CrawlerContainer.Deployed> deployed = CrawlerContainer.inOverlay(overlay, objects);
      for (KubeObject service : objects) {
        if (!"Service".equals(service.kind())) {
          continue;
        }
        Map<String, Object> selector = Tree.map(service.content(), "spec", "selector");
        List<CrawlerContainer.Deployed> selected =
            deployed.stream()
                .filter(d ->
                    Tree.map(d.workload().content(), "spec", "template", "metadata", "labels")
                        .entrySet()
                        .containsAll(selector.entrySet()))
                .toList();
        assertThat(selected).as("%s selects a crawler workload", service.id()).isNotEmpty();
        for (Map<String, Object> port : Tree.maps(service.content(), "spec", "ports")) {
          for (CrawlerContainer.Deployed d : selected) {
            assertThat(d.containerPort(port.get("targetPort")))
                .as(
                    "%s targetPort %s in %s",
                    service.id(), port.get("targetPort"), d.crawler().where())
                .isPresent();
          }
        }
      }
    });
  }

  @Test
  void composeHealthChecksAskTheReadinessGroupOnTheServicePort() {
    new ComposeFile()
        .crawlerServices()
        .forEach((name, crawler) -> {
          Map<String, Object> service = new ComposeFile().service(name);
          String test =
              String.join(
                  " ",
                  Tree.list(service, "healthcheck", "test").stream().map(String::valueOf).toList());
          assertThat(test)
              .as("healthcheck of compose service %s", name)
              .contains(
                  "http://localhost:"
                      + crawler.managementPort()
                      + crawler.actuatorBasePath()
                      + "/health/readiness");
          // Outside Kubernetes Spring Boot does not create the health groups unasked.
          assertThat(crawler.property("management.endpoint.health.probes.enabled"))
              .as("%s: management.endpoint.health.probes.enabled", crawler.where())
              .contains("true");
          assertPrometheusExposed(crawler);
        });
  }

  @Test
  void composePublishedPortsReachTheServicePort() {
    new ComposeFile()
        .crawlerServices()
        .forEach((name, crawler) -> {
          int port = Integer.parseInt(crawler.property("server.port").orElse("8080"));
          for (Object published : Tree.list(new ComposeFile().service(name), "ports")) {
            String target =
                published instanceof Map<?, ?> longForm
                    ? String.valueOf(longForm.get("target"))
                    : String.valueOf(published).replaceFirst("^.*:", "").replaceFirst("/.*$", "");
            assertThat(target)
                .as("published port %s of compose service %s", published, name)
                .isEqualTo(String.valueOf(port));
          }
        });
  }

  @Test
  void prometheusScrapesEveryComposeServiceOnItsActuatorEndpoint() {
    Map<String, Object> prometheus = DeployFiles.yamlDocument(DeployFiles.prometheus());
    List<Map<String, Object>> jobs = Tree.maps(prometheus, "scrape_configs");
    new ComposeFile()
        .crawlerServices()
        .forEach((name, crawler) -> {
          Map<String, Object> job =
              jobs.stream()
                  .filter(j ->
                      Tree.maps(j, "dns_sd_configs").stream()
                          .anyMatch(d -> Tree.list(d, "names").contains(name)))
                  .findFirst()
                  .orElseThrow(() -> new AssertionError("prometheus.yml does not scrape " + name));
          assertThat(Tree.string(job, "metrics_path"))
              .as("metrics_path for %s", name)
              .isEqualTo(crawler.actuatorBasePath() + "/prometheus");
          assertThat(Tree.maps(job, "dns_sd_configs"))
              .as("dns_sd_configs for %s", name)
              .allSatisfy(d ->
                  assertThat(Tree.string(d, "port"))
                      .isEqualTo(String.valueOf(crawler.managementPort())));
        });
  }

  @Test
  void imageExposesThePortTheDeploymentsSet() {
    Matcher expose =
        Pattern.compile("(?m)^EXPOSE\\s+(\\d+)")
            .matcher(DeployFiles.read(DeployFiles.dockerfile()));
    assertThat(expose.find()).as("the Dockerfile has an EXPOSE").isTrue();
    new ComposeFile()
        .crawlerServices()
        .values()
        .forEach(crawler ->
            assertThat(crawler.property("server.port"))
                .as("%s: server.port", crawler.where())
                .contains(expose.group(1)));
  }

  private static void assertPrometheusExposed(CrawlerContainer crawler) {
    assertThat(crawler.property("management.endpoints.web.exposure.include").orElse("health"))
        .as("%s: management.endpoints.web.exposure.include", crawler.where())
        .matches("(.*,)?\\s*(prometheus|\\*)\\s*(,.*)?");
  }

  private static void assertProbe(
      CrawlerContainer.Deployed deployed, String probe, String path, int port) {
    Map<String, Object> httpGet = Tree.map(deployed.container(), probe, "httpGet");
    String where = deployed.crawler().where() + " " + probe;
    assertThat(httpGet).as("%s is an HTTP GET probe", where).isNotEmpty();
    assertThat(Tree.string(httpGet, "path")).as("%s path", where).isEqualTo(path);
    assertThat(deployed.containerPort(httpGet.get("port")))
        .as("%s port %s", where, httpGet.get("port"))
        .contains(port);
  }
}
