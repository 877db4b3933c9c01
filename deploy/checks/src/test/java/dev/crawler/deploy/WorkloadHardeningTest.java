package dev.crawler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * What every workload of every overlay must have: non-root read-only containers with a writable
 * /tmp, resource requests and limits, and, for the long-running services, probes, a
 * PodDisruptionBudget and topology spread; the frontier as a StatefulSet whose Kafka Streams state
 * directory lies on its own volume; references to objects that exist.
 */
class WorkloadHardeningTest {

  @TestFactory
  Stream<DynamicTest> containersRunAsNonRootOnAReadOnlyRootFilesystem() {
    return Rendered.perOverlay((overlay, objects) ->
        workloads(objects)
            .forEach(workload -> {
              Map<String, Object> pod = workload.podSpec();
              assertThat(Tree.at(pod, "securityContext", "runAsNonRoot"))
                  .as("%s runAsNonRoot", workload.id())
                  .isEqualTo(true);
              assertThat(Tree.string(pod, "securityContext", "seccompProfile", "type"))
                  .as("%s seccompProfile", workload.id())
                  .isEqualTo("RuntimeDefault");
              for (Map<String, Object> container : workload.containers()) {
                String where = workload.id() + " container " + container.get("name");
                Map<String, Object> security = Tree.map(container, "securityContext");
                assertThat(security)
                    .as("%s securityContext", where)
                    .containsEntry("allowPrivilegeEscalation", false)
                    .containsEntry("readOnlyRootFilesystem", true);
                assertThat(Tree.list(security, "capabilities", "drop"))
                    .as("%s drops capabilities", where)
                    .contains("ALL");
                assertThat(mountedVolume(workload, container, "/tmp"))
                    .as("%s mounts an emptyDir at /tmp", where)
                    .isNotNull()
                    .extracting(volume -> volume.get("emptyDir"))
                    .isNotNull();
              }
            }));
  }

  @TestFactory
  Stream<DynamicTest> containersDeclareRequestsAndMemoryLimits() {
    return Rendered.perOverlay((overlay, objects) ->
        workloads(objects).stream()
            .flatMap(w -> w.containers().stream().map(c -> Map.entry(w, c)))
            .forEach(e -> {
              Map<String, Object> resources = Tree.map(e.getValue(), "resources");
              String where = e.getKey().id() + " container " + e.getValue().get("name");
              assertThat(Tree.map(resources, "requests"))
                  .as("%s requests", where)
                  .containsKeys("cpu", "memory");
              assertThat(Tree.map(resources, "limits"))
                  .as("%s limits (the JVM sizes its heap from the memory limit)", where)
                  .containsKey("memory");
            }));
  }

  @TestFactory
  Stream<DynamicTest> servicesHaveProbesDisruptionBudgetsAndSpread() {
    return Rendered.perOverlay((overlay, objects) ->
        workloads(objects).stream()
            .filter(w -> !"Job".equals(w.kind()))
            .forEach(workload -> {
              for (Map<String, Object> container : workload.containers()) {
                assertThat(container)
                    .as("%s container %s probes", workload.id(), container.get("name"))
                    .containsKeys("startupProbe", "livenessProbe", "readinessProbe");
              }
              Map<String, Object> podLabels =
                  Tree.map(workload.content(), "spec", "template", "metadata", "labels");
              assertThat(
                      objects.stream()
                          .filter(o -> "PodDisruptionBudget".equals(o.kind()))
                          .filter(o -> Objects.equals(o.namespace(), workload.namespace()))
                          .filter(o ->
                              podLabels
                                  .entrySet()
                                  .containsAll(
                                      Tree.map(o.content(), "spec", "selector", "matchLabels")
                                          .entrySet())))
                  .as("a PodDisruptionBudget covers %s", workload.id())
                  .hasSize(1);
              assertThat(Tree.maps(workload.podSpec(), "topologySpreadConstraints"))
                  .as("%s topology spread", workload.id())
                  .extracting(c -> c.get("topologyKey"))
                  .contains("topology.kubernetes.io/zone", "kubernetes.io/hostname");
            }));
  }

  @TestFactory
  Stream<DynamicTest> frontierKeepsItsStreamsStateOnItsOwnVolume() {
    return Rendered.perOverlay((overlay, objects) -> {
      CrawlerContainer.Deployed frontier =
          CrawlerContainer.inOverlay(overlay, objects).stream()
              .filter(d -> d.crawler().service() == CrawlerService.FRONTIER)
              .findFirst()
              .orElseThrow(() -> new AssertionError(overlay + " runs no frontier"));
      KubeObject workload = frontier.workload();
      assertThat(workload.kind()).as("the frontier's workload").isEqualTo("StatefulSet");
      String headless = Tree.string(workload.content(), "spec", "serviceName");
      assertThat(
              objects.stream()
                  .filter(o -> "Service".equals(o.kind()) && Objects.equals(o.name(), headless))
                  .map(o -> Tree.string(o.content(), "spec", "clusterIP")))
          .as("the StatefulSet's serviceName %s is a headless Service", headless)
          .containsExactly("None");
      String stateDir = frontier.crawler().required("crawler.frontier.state-dir");
      List<String> claims =
          Tree.maps(workload.content(), "spec", "volumeClaimTemplates").stream()
              .map(t -> Tree.string(t, "metadata", "name"))
              .toList();
      assertThat(
              Tree.maps(frontier.container(), "volumeMounts").stream()
                  .filter(m -> claims.contains(Tree.string(m, "name")))
                  .map(m -> Path.of(Tree.string(m, "mountPath")))
                  .filter(mount -> Path.of(stateDir).startsWith(mount)))
          .as("crawler.frontier.state-dir=%s lies on a volumeClaimTemplate's volume", stateDir)
          .isNotEmpty();
    });
  }

  @TestFactory
  Stream<DynamicTest> referencesNameObjectsOfTheOverlay() {
    return Rendered.perOverlay((overlay, objects) -> {
      for (KubeObject workload : workloads(objects)) {
        String account = Tree.string(workload.podSpec(), "serviceAccountName");
        if (account != null) {
          assertThat(find(objects, "ServiceAccount", workload.namespace(), account))
              .as("%s serviceAccountName %s", workload.id(), account)
              .isTrue();
        }
        for (Map<String, Object> volume : Tree.maps(workload.podSpec(), "volumes")) {
          String configMap = Tree.string(volume, "configMap", "name");
          if (configMap != null) {
            assertThat(find(objects, "ConfigMap", workload.namespace(), configMap))
                .as("%s volume ConfigMap %s", workload.id(), configMap)
                .isTrue();
          }
        }
      }
      for (KubeObject scaler : objects) {
        if (List.of("ScaledObject", "HorizontalPodAutoscaler").contains(scaler.kind())) {
          Map<String, Object> target = Tree.map(scaler.content(), "spec", "scaleTargetRef");
          assertThat(
                  find(
                      objects,
                      Objects.requireNonNullElse(Tree.string(target, "kind"), "Deployment"),
                      scaler.namespace(),
                      Tree.string(target, "name")))
              .as("%s scaleTargetRef %s", scaler.id(), target)
              .isTrue();
        }
      }
    });
  }

  private static List<KubeObject> workloads(List<KubeObject> objects) {
    return objects.stream().filter(KubeObject::isWorkload).toList();
  }

  private static boolean find(
      List<KubeObject> objects, String kind, String namespace, String name) {
    return objects.stream()
        .anyMatch(o ->
            kind.equals(o.kind())
                && Objects.equals(namespace, o.namespace())
                && Objects.equals(name, o.name()));
  }

  private static Map<String, Object> mountedVolume(
      KubeObject workload, Map<String, Object> container, String path) {
    return Tree.maps(container, "volumeMounts").stream()
        .filter(m -> path.equals(Tree.string(m, "mountPath")))
        .map(m -> Tree.string(m, "name"))
        .flatMap(name ->
            Tree.maps(workload.podSpec(), "volumes").stream()
                .filter(v -> name.equals(Tree.string(v, "name"))))
        .findFirst()
        .orElse(null);
  }
}
