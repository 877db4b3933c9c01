package dev.crawler.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The properties Spring Boot's own modules declare (web server, actuator, Kafka, lifecycle), from
 * the configuration metadata in their jars: an environment variable like
 * MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED must name one of them, or a service property.
 */
final class SpringBootProperties {

  private static final Map<String, String> TYPES_BY_ENVIRONMENT_NAME = load();

  private SpringBootProperties() {}

  /** Whether the variable sets a Spring Boot property, or an entry of a map-typed one. */
  static boolean binds(String environmentName) {
    if (TYPES_BY_ENVIRONMENT_NAME.containsKey(environmentName)) {
      return true;
    }
    return TYPES_BY_ENVIRONMENT_NAME.entrySet().stream()
        .anyMatch(e ->
            e.getValue().startsWith("java.util.Map")
                && environmentName.startsWith(e.getKey() + "_"));
  }

  private static Map<String, String> load() {
    ObjectMapper json = new ObjectMapper();
    Map<String, String> types = new HashMap<>();
    try {
      for (URL resource :
          Collections.list(
              SpringBootProperties.class
                  .getClassLoader()
                  .getResources("META-INF/spring-configuration-metadata.json"))) {
        try (InputStream in = resource.openStream()) {
          for (JsonNode property : json.readTree(in).path("properties")) {
            types.put(
                RelaxedNames.environmentName(property.path("name").asText()),
                property.path("type").asText(""));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (types.isEmpty()) {
      throw new IllegalStateException("no Spring Boot configuration metadata on the class path");
    }
    return types;
  }
}
