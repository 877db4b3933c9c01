package dev.crawler.indexer;

import dev.crawler.common.security.ApiSecurityConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * The indexer service as its own Spring Boot application. Its defaults live in {@code indexer.yaml}
 * (not {@code application.yaml}, so that several services can share one classpath in the standalone
 * mode); an {@code application.yaml} beside the jar still overrides them.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(ApiSecurityConfiguration.class)
public class IndexerApplication {

  /** The application with its configuration file name set; also used by the standalone mode. */
  public static SpringApplicationBuilder application() {
    return new SpringApplicationBuilder(IndexerApplication.class)
        .properties("spring.config.name=indexer,application");
  }

  public static void main(String[] args) {
    application().run(args);
  }
}
