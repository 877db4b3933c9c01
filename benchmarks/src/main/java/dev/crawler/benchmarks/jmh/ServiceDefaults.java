package dev.crawler.benchmarks.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * A service's configuration exactly as its yaml documents it, so that every benchmark measures the
 * defaults a user runs with. Placeholders resolve against system properties and the environment, as
 * in the service.
 */
final class ServiceDefaults {

  private ServiceDefaults() {}

  /**
   * Binds a prefix of a service's yaml.
   *
   * @param service the service's configuration name, such as {@code parser} for {@code parser.yaml}
   * @param prefix the properties prefix, such as {@code crawler.parser}
   * @param type the properties record
   */
  static <T> T of(String service, String prefix, Class<T> type) {
    StandardEnvironment environment = new StandardEnvironment();
    try {
      new YamlPropertySourceLoader()
          .load(service, new ClassPathResource(service + ".yaml"))
          .forEach(environment.getPropertySources()::addLast);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + service + ".yaml", e);
    }
    return Binder.get(environment).bindOrCreate(prefix, type);
  }
}
