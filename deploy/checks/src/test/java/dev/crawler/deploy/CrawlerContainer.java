package dev.crawler.deploy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A container that runs one of the crawler services, wherever it is deployed: in a workload of a
 * rendered overlay, or as a service of docker-compose.yml.
 *
 * @param where for messages: the overlay and workload, or the compose service
 * @param service the crawler service it runs
 * @param environment its environment variables
 * @param configuration the service's documented defaults
 */
record CrawlerContainer(
    String where,
    CrawlerService service,
    Map<String, String> environment,
    ServiceConfiguration configuration) {

  private static final Map<CrawlerService, ServiceConfiguration> CONFIGURATIONS =
      new EnumMap<>(CrawlerService.class);

  /** A property's effective value in this container, if the environment or the file sets it. */
  Optional<String> property(String name) {
    return configuration.effective(name, environment);
  }

  /** A property's effective value, which must be set. */
  String required(String name) {
    return property(name)
        .orElseThrow(() ->
            new AssertionError(
                where
                    + ": "
                    + name
                    + " is set neither in its environment nor in "
                    + service.configName()
                    + ".yaml"));
  }

  /** The HTTP port of the actuator: management.server.port if set, else server.port. */
  int managementPort() {
    return property("management.server.port")
        .or(() -> property("server.port"))
        .map(Integer::parseInt)
        .orElse(8080);
  }

  String actuatorBasePath() {
    return property("management.endpoints.web.base-path").orElse("/actuator");
  }

  /** The crawler containers of a rendered overlay, with their workload. */
  static List<Deployed> inOverlay(String overlay, List<KubeObject> objects) {
    List<Deployed> deployed = new ArrayList<>();
    for (KubeObject workload : objects) {
      for (Map<String, Object> container :
          workload.isWorkload() ? workload.containers() : List.<Map<String, Object>>of()) {
        Optional<CrawlerService> service = CrawlerService.ofImage(Tree.string(container, "image"));
        if (service.isPresent()) {
          ContainerEnvironment environment = ContainerEnvironment.of(workload, container, objects);
          deployed.add(
              new Deployed(
                  workload,
                  container,
                  environment,
                  new CrawlerContainer(
                      workload.id() + " container " + Tree.string(container, "name"),
                      service.get(),
                      environment.variables(),
                      configuration(service.get()))));
        }
      }
    }
    return deployed;
  }

  static synchronized ServiceConfiguration configuration(CrawlerService service) {
    return CONFIGURATIONS.computeIfAbsent(service, ServiceConfiguration::of);
  }

  /**
   * A crawler container in Kubernetes.
   *
   * @param workload the Deployment or StatefulSet
   * @param container the container spec
   * @param environment its resolved environment
   * @param crawler the container as a crawler service
   */
  record Deployed(
      KubeObject workload,
      Map<String, Object> container,
      ContainerEnvironment environment,
      CrawlerContainer crawler) {

    /** A port given by number or by the name of a container port, as its number. */
    Optional<Integer> containerPort(Object port) {
      return Tree.maps(container, "ports").stream()
          .filter(p ->
              String.valueOf(p.get("name")).equals(String.valueOf(port))
                  || String.valueOf(p.get("containerPort")).equals(String.valueOf(port)))
          .map(p -> Integer.parseInt(String.valueOf(p.get("containerPort"))))
          .findFirst();
    }
  }
}
