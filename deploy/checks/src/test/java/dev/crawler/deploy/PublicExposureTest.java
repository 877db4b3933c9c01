package dev.crawler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * What a Kubernetes deployment lets in and out. The actuator (health with details, Prometheus) is
 * on a management port of its own that no API Service or Ingress carries; an Ingress publishes only
 * /api/ paths; network policies deny by default, admit the management port only from monitoring,
 * and let fetchers reach the internet but not private, link-local or metadata addresses.
 */
class PublicExposureTest {

  /** What fetchers must never reach even with an SSRF bug: cluster, node and metadata ranges. */
  private static final Map<String, Set<String>> PRIVATE_RANGES =
      Map.of(
          "0.0.0.0/0",
          Set.of(
              "10.0.0.0/8",
              "172.16.0.0/12",
              "192.168.0.0/16",
              "100.64.0.0/10",
              "169.254.0.0/16",
              "127.0.0.0/8"),
          "::/0",
          Set.of("fc00::/7", "fe80::/10", "::1/128"));

  /** Overlays meant for a real cluster: they must publish, police and watch the crawler. */
  private static final Set<String> COMPLETE_OVERLAYS = Set.of("production");

  @TestFactory
  Stream<DynamicTest> actuatorIsOnAPortOfItsOwn() {
    return Rendered.perOverlay((overlay, objects) -> {
      for (CrawlerContainer.Deployed deployed : CrawlerContainer.inOverlay(overlay, objects)) {
        CrawlerContainer crawler = deployed.crawler();
        assertThat(crawler.managementPort())
            .as("%s: management.server.port apart from server.port", crawler.where())
            .isNotEqualTo(Integer.parseInt(crawler.property("server.port").orElse("8080")));
      }
    });
  }

  @TestFactory
  Stream<DynamicTest> servicesAndIngressesCarryTheApiButNotTheActuator() {
    return Rendered.perOverlay((overlay, objects) -> {
      List<CrawlerContainer.Deployed> deployed = CrawlerContainer.inOverlay(overlay, objects);
      for (KubeObject service : kind(objects, "Service")) {
        List<Integer> targets = targetPorts(service, deployed);
        boolean api = targets.stream().anyMatch(p -> isApiPort(p, deployed));
        boolean management = targets.stream().anyMatch(p -> isManagementPort(p, deployed));
        assertThat(api && management)
            .as("%s carries the API and the actuator: %s", service.id(), targets)
            .isFalse();
      }
      for (KubeObject ingress : kind(objects, "Ingress")) {
        for (Map<String, Object> rule : Tree.maps(ingress.content(), "spec", "rules")) {
          for (Map<String, Object> path : Tree.maps(rule, "http", "paths")) {
            assertThat(Tree.string(path, "path"))
                .as("%s publishes only /api/ paths", ingress.id())
                .startsWith("/api/");
            KubeObject service =
                kind(objects, "Service").stream()
                    .filter(s -> s.name().equals(Tree.string(path, "backend", "service", "name")))
                    .findFirst()
                    .orElseThrow(() ->
                        new AssertionError(ingress.id() + " routes to a Service not in overlay"));
            assertThat(targetPorts(service, deployed))
                .as("%s routes %s to the API port only", ingress.id(), Tree.string(path, "path"))
                .allMatch(p -> isApiPort(p, deployed));
          }
        }
      }
    });
  }

  @TestFactory
  Stream<DynamicTest> networkPoliciesDenyByDefaultAndKeepFetchersOffPrivateNetworks() {
    return Rendered.perOverlay((overlay, objects) -> {
      List<KubeObject> policies = kind(objects, "NetworkPolicy");
      if (COMPLETE_OVERLAYS.contains(overlay)) {
        assertThat(kind(objects, "Ingress")).as("%s has an Ingress", overlay).isNotEmpty();
        assertThat(kind(objects, "PodMonitor")).as("%s has a PodMonitor", overlay).isNotEmpty();
        assertThat(kind(objects, "PrometheusRule")).as("%s has alert rules", overlay).isNotEmpty();
        assertThat(policies).as("%s has network policies", overlay).isNotEmpty();
      }
      if (policies.isEmpty()) {
        return;
      }
      assertThat(policies)
          .as("%s: a default-deny policy (all pods, Ingress and Egress, no rules)", overlay)
          .anySatisfy(p -> {
            assertThat(Tree.map(p.content(), "spec", "podSelector")).isEmpty();
            assertThat(Tree.list(p.content(), "spec", "policyTypes"))
                .containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(Tree.at(p.content(), "spec", "ingress")).isNull();
            assertThat(Tree.at(p.content(), "spec", "egress")).isNull();
          });
      for (KubeObject policy : policies) {
        for (Map<String, Object> rule : Tree.maps(policy.content(), "spec", "egress")) {
          for (Map<String, Object> peer : Tree.maps(rule, "to")) {
            String cidr = Tree.string(peer, "ipBlock", "cidr");
            if (cidr != null) {
              assertThat(Tree.list(peer, "ipBlock", "except"))
                  .as("%s: egress to %s excepts the private and metadata ranges", policy.id(), cidr)
                  .containsAll(PRIVATE_RANGES.getOrDefault(cidr, Set.of()));
            }
          }
        }
        for (Map<String, Object> rule : Tree.maps(policy.content(), "spec", "ingress")) {
          List<Map<String, Object>> ports = Tree.maps(rule, "ports");
          assertThat(ports).as("%s: an ingress rule names its ports", policy.id()).isNotEmpty();
          boolean admitsManagement =
              ports.stream()
                  .anyMatch(p ->
                      String.valueOf(p.get("port")).equals("management")
                          || CrawlerContainer.inOverlay(overlay, objects).stream()
                              .anyMatch(d ->
                                  String.valueOf(d.crawler().managementPort())
                                      .equals(String.valueOf(p.get("port")))));
          if (admitsManagement) {
            assertThat(Tree.maps(rule, "from"))
                .as("%s admits the actuator only from the monitoring namespace", policy.id())
                .isNotEmpty()
                .allSatisfy(from ->
                    assertThat(
                            Tree.string(
                                from,
                                "namespaceSelector",
                                "matchLabels",
                                "kubernetes.io/metadata.name"))
                        .isEqualTo("monitoring"));
          }
        }
      }
    });
  }

  private static List<KubeObject> kind(List<KubeObject> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.kind())).toList();
  }

  /** The container ports a Service's ports reach on the crawler pods it selects. */
  private static List<Integer> targetPorts(
      KubeObject service, List<CrawlerContainer.Deployed> deployed) {
    Map<String, Object> selector = Tree.map(service.content(), "spec", "selector");
    return deployed.stream()
        .filter(d ->
            Tree.map(d.workload().content(), "spec", "template", "metadata", "labels")
                .entrySet()
                .containsAll(selector.entrySet()))
        .flatMap(d ->
            Tree.maps(service.content(), "spec", "ports").stream()
                .map(p -> d.containerPort(p.get("targetPort")))
                .flatMap(Optional::stream))
        .toList();
  }

  private static boolean isApiPort(int port, List<CrawlerContainer.Deployed> deployed) {
    return deployed.stream()
        .anyMatch(
            d -> String.valueOf(port).equals(d.crawler().property("server.port").orElse("8080")));
  }

  private static boolean isManagementPort(int port, List<CrawlerContainer.Deployed> deployed) {
    return deployed.stream().anyMatch(d -> d.crawler().managementPort() == port);
  }
}
