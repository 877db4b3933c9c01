package dev.crawler.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** docker-compose.yml, parsed with its YAML anchors and merge keys resolved. */
final class ComposeFile {

  private final Map<String, Object> content = DeployFiles.yamlDocument(DeployFiles.compose());

  Map<String, Object> services() {
    return Tree.map(content, "services");
  }

  Map<String, Object> service(String name) {
    Map<String, Object> service = Tree.map(services(), name);
    if (service.isEmpty()) {
      throw new AssertionError("docker-compose.yml has no service " + name);
    }
    return service;
  }

  /** The environment every crawler service merges in, x-crawler-environment. */
  Map<String, Object> sharedCrawlerEnvironment() {
    return Tree.map(content, "x-crawler-environment");
  }

  /** A service's environment, from either the mapping or the KEY=VALUE list form. */
  static Map<String, String> environment(Map<String, Object> service) {
    Map<String, String> environment = new LinkedHashMap<>();
    Object declared = Tree.at(service, "environment");
    if (declared instanceof Map<?, ?> map) {
      map.forEach((k, v) -> environment.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
    } else if (declared instanceof List<?> list) {
      for (Object item : list) {
        String entry = String.valueOf(item);
        int equals = entry.indexOf('=');
        environment.put(
            equals < 0 ? entry : entry.substring(0, equals),
            equals < 0 ? "" : entry.substring(equals + 1));
      }
    }
    return environment;
  }

  /** The compose services that run a crawler service, by compose service name. */
  Map<String, CrawlerContainer> crawlerServices() {
    Map<String, CrawlerContainer> crawler = new LinkedHashMap<>();
    services()
        .forEach((name, definition) -> {
          Optional<CrawlerService> service =
              Optional.ofNullable(Tree.string(definition, "build", "args", "SERVICE"))
                  .flatMap(CrawlerService::ofModule)
                  .or(() -> CrawlerService.ofImage(Tree.string(definition, "image")));
          service.ifPresent(s ->
              crawler.put(
                  name,
                  new CrawlerContainer(
                      "docker-compose.yml service " + name,
                      s,
                      environment(Tree.map(definition)),
                      CrawlerContainer.configuration(s))));
        });
    return crawler;
  }
}
