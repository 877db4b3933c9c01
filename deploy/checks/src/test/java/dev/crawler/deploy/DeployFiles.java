package dev.crawler.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The files under check: the repository's deployment files and the kustomize overlays that
 * scripts/check-deploy rendered before the tests run.
 */
final class DeployFiles {

  private DeployFiles() {}

  static Path repository() {
    return Path.of(System.getProperty("deploy.repository", "../..")).toAbsolutePath().normalize();
  }

  static Path compose() {
    return existing(repository().resolve("docker-compose.yml"));
  }

  static Path prometheus() {
    return existing(repository().resolve("deploy/prometheus/prometheus.yml"));
  }

  static Path dockerfile() {
    return existing(repository().resolve("deploy/docker/Dockerfile"));
  }

  static Path topicScript() {
    return existing(repository().resolve("deploy/k8s/components/topic-job/create-topics.sh"));
  }

  /** The rendered overlays by name (the file name without .yaml); base is one of them. */
  static Map<String, List<Map<String, Object>>> renderedOverlays() {
    Path dir = Path.of(System.getProperty("deploy.rendered", "target/rendered"));
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(
          "no rendered overlays in " + dir + ": run scripts/check-deploy, which renders them");
    }
    Map<String, List<Map<String, Object>>> overlays = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        String name = file.getFileName().toString().replaceFirst("\\.yaml$", "");
        overlays.put(name, yamlDocuments(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (overlays.isEmpty()) {
      throw new IllegalStateException("no rendered overlays in " + dir);
    }
    return overlays;
  }

  /** The non-empty YAML documents of a file, as maps (merge keys resolved). */
  static List<Map<String, Object>> yamlDocuments(Path file) {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    List<Map<String, Object>> documents = new ArrayList<>();
    try {
      for (Object document : yaml.loadAll(Files.readString(existing(file)))) {
        if (document != null) {
          documents.add(Tree.map(document));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return documents;
  }

  static Map<String, Object> yamlDocument(Path file) {
    List<Map<String, Object>> documents = yamlDocuments(file);
    if (documents.size() != 1) {
      throw new IllegalStateException(file + " should hold one YAML document");
    }
    return documents.getFirst();
  }

  static String read(Path file) {
    try {
      return Files.readString(existing(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path existing(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("missing file: " + file);
    }
    return file;
  }
}
