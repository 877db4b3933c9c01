package dev.crawler.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The environment variables a Kubernetes container gets: its env entries and the ConfigMaps its
 * envFrom names, resolved against the objects of the same rendered overlay. Secrets are left out:
 * their keys are the operator's to fill.
 *
 * @param variables name to value (a valueFrom entry has the value {@code <valueFrom>})
 * @param configMaps the variables each ConfigMap named in envFrom contributes, by ConfigMap name
 */
record ContainerEnvironment(Map<String, String> variables, Map<String, Set<String>> configMaps) {

  static ContainerEnvironment of(
      KubeObject workload, Map<String, Object> container, List<KubeObject> overlay) {
    Map<String, String> variables = new LinkedHashMap<>();
    Map<String, Set<String>> configMaps = new LinkedHashMap<>();
    for (Map<String, Object> source : Tree.maps(container, "envFrom")) {
      String configMap = Tree.string(source, "configMapRef", "name");
      if (configMap != null) {
        KubeObject found =
            overlay.stream()
                .filter(o -> "ConfigMap".equals(o.kind()) && configMap.equals(o.name()))
                .filter(o -> Objects.equals(o.namespace(), workload.namespace()))
                .findFirst()
                .orElseThrow(() ->
                    new AssertionError(
                        workload.id()
                            + " reads ConfigMap "
                            + configMap
                            + ", which the overlay does not define"));
        Map<String, Object> data = Tree.map(found.content(), "data");
        data.forEach((key, value) -> variables.put(key, String.valueOf(value)));
        configMaps.put(configMap, data.keySet());
      }
    }
    // env entries win over envFrom, as in Kubernetes.
    for (Map<String, Object> entry : Tree.maps(container, "env")) {
      Object value = entry.containsKey("valueFrom") ? "<valueFrom>" : entry.get("value");
      variables.put(Tree.string(entry, "name"), String.valueOf(value));
    }
    return new ContainerEnvironment(variables, configMaps);
  }
}
