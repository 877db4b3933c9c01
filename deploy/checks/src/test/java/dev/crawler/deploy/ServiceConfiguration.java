package dev.crawler.deploy;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's documented defaults, {@code <module>/src/main/resources/<service>.yaml}, flattened to
 * property names, with the environment variables its placeholders read.
 */
final class ServiceConfiguration {

  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)(?::([^}]*))?}");

  private final Map<String, String> defaults;
  private final Set<String> placeholderNames;

  private ServiceConfiguration(Map<String, String> defaults) {
    this.defaults = defaults;
    this.placeholderNames = new TreeSet<>();
    for (String value : defaults.values()) {
      Matcher matcher = PLACEHOLDER.matcher(value);
      while (matcher.find()) {
        placeholderNames.add(matcher.group(1));
      }
    }
  }

  static ServiceConfiguration of(CrawlerService service) {
    Path file =
        DeployFiles.repository()
            .resolve(service.module())
            .resolve("src/main/resources")
            .resolve(service.configName() + ".yaml");
    Map<String, String> defaults = new LinkedHashMap<>();
    for (Map<String, Object> document : DeployFiles.yamlDocuments(file)) {
      // Profile-specific documents do not apply to a plain deployment.
      if (Tree.at(document, "spring", "config", "activate") == null) {
        flatten("", document, defaults);
      }
    }
    return new ServiceConfiguration(defaults);
  }

  Set<String> propertyNames() {
    return defaults.keySet();
  }

  /** Environment variables read by ${NAME:default} placeholders in the file. */
  Set<String> placeholderNames() {
    return placeholderNames;
  }

  /** The property an environment variable sets, if the file documents it. */
  Optional<String> propertyOf(String environmentName) {
    return defaults.keySet().stream()
        .filter(p -> RelaxedNames.environmentName(p).equals(environmentName))
        .findFirst();
  }

  /**
   * A property's value in a container with the given environment: the environment variable if set,
   * else the file's default with its placeholders resolved against the environment.
   */
  Optional<String> effective(String property, Map<String, String> environment) {
    String fromEnvironment = environment.get(RelaxedNames.environmentName(property));
    if (fromEnvironment != null) {
      return Optional.of(fromEnvironment);
    }
    String value = defaults.get(property);
    if (value == null) {
      return Optional.empty();
    }
    Matcher matcher = PLACEHOLDER.matcher(value);
    StringBuilder resolved = new StringBuilder();
    while (matcher.find()) {
      String replacement = environment.get(matcher.group(1));
      if (replacement == null) {
        replacement = matcher.group(2) == null ? matcher.group() : matcher.group(2);
      }
      matcher.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(resolved);
    return Optional.of(resolved.toString());
  }

  private static void flatten(String prefix, Object node, Map<String, String> into) {
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String key = String.valueOf(entry.getKey());
        flatten(prefix.isEmpty() ? key : prefix + "." + key, entry.getValue(), into);
      }
    } else if (node instanceof Collection<?> items) {
      // A list binds as one comma-separated environment variable.
      into.put(prefix, String.join(",", items.stream().map(String::valueOf).toList()));
    } else {
      into.put(prefix, node == null ? "" : String.valueOf(node));
    }
  }
}
