package dev.crawler.frontier;

import dev.crawler.common.cluster.ClusterProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/** The frontier's configuration as frontier.yaml documents it, with a test's overrides on top. */
public final class TestSettings {

  private TestSettings() {}

  /**
   * @param overrides properties by full name, such as {@code crawler.frontier.lease-duration}
   */
  public static FrontierProperties frontier(Map<String, Object> overrides) {
    return binder(overrides).bindOrCreate("crawler.frontier", FrontierProperties.class);
  }

  public static ClusterProperties cluster(Map<String, Object> overrides) {
    return binder(overrides).bindOrCreate("crawler", ClusterProperties.class);
  }

  private static Binder binder(Map<String, Object> overrides) {
    MutablePropertySources sources = new MutablePropertySources();
    sources.addFirst(new MapPropertySource("test", overrides));
    try {
      for (PropertySource<?> yaml :
          new YamlPropertySourceLoader().load("frontier", new ClassPathResource("frontier.yaml"))) {
        sources.addLast(yaml);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Binder(
        ConfigurationPropertySources.from(sources),
        new PropertySourcesPlaceholdersResolver(sources));
  }
}
