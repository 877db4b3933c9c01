package dev.crawler.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A Grafana dashboard JSON under deploy/grafana/dashboards, with its Prometheus queries. */
record GrafanaDashboard(Path file, JsonNode content) {

  /**
   * One query of a panel.
   *
   * @param where for messages: the dashboard, panel title and query refId
   */
  record Query(String where, JsonNode panel, PromQuery query) {}

  static Path directory() {
    return DeployFiles.repository().resolve("deploy/grafana/dashboards");
  }

  static List<GrafanaDashboard> all() {
    try (Stream<Path> files = Files.list(directory())) {
      List<GrafanaDashboard> dashboards = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        dashboards.add(new GrafanaDashboard(file, new ObjectMapper().readTree(file.toFile())));
      }
      if (dashboards.isEmpty()) {
        throw new IllegalStateException("no dashboards in " + directory());
      }
      return dashboards;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String name() {
    return file.getFileName().toString();
  }

  /** Every panel, those inside collapsed rows included. */
  List<JsonNode> panels() {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : content.path("panels")) {
      panels.add(panel);
      panel.path("panels").forEach(panels::add);
    }
    return panels;
  }

  List<Query> queries() {
    List<Query> queries = new ArrayList<>();
    for (JsonNode panel : panels()) {
      for (JsonNode target : panel.path("targets")) {
        String where =
            name()
                + " panel \""
                + panel.path("title").asText()
                + "\" query "
                + target.path("refId").asText();
        queries.add(new Query(where, panel, PromQuery.parse(target.path("expr").asText())));
      }
    }
    return queries;
  }
}
