package dev.crawler.deploy;

import java.util.List;
import java.util.Map;

/**
 * One object of a rendered overlay.
 *
 * @param overlay the overlay it was rendered from
 * @param content the object as parsed from YAML
 */
record KubeObject(String overlay, Map<String, Object> content) {

  String apiVersion() {
    return Tree.string(content, "apiVersion");
  }

  String kind() {
    return Tree.string(content, "kind");
  }

  String name() {
    return Tree.string(content, "metadata", "name");
  }

  String namespace() {
    return Tree.string(content, "metadata", "namespace");
  }

  /** For messages: overlay, kind, namespace and name. */
  String id() {
    return overlay + ": " + kind() + " " + namespace() + "/" + name();
  }

  boolean isWorkload() {
    return List.of("Deployment", "StatefulSet", "Job").contains(kind());
  }

  /** The pod template's spec of a workload. */
  Map<String, Object> podSpec() {
    return Tree.map(content, "spec", "template", "spec");
  }

  List<Map<String, Object>> containers() {
    return Tree.maps(podSpec(), "containers");
  }

  static List<KubeObject> all(String overlay, List<Map<String, Object>> documents) {
    return documents.stream().map(document -> new KubeObject(overlay, document)).toList();
  }
}
