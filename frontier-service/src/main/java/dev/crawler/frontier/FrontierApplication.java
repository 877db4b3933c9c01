package dev.crawler.frontier;

import dev.crawler.common.security.ApiSecurityConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/**
 * The frontier service as its own Spring Boot application. Its defaults live in {@code
 * frontier.yaml} (not {@code application.yaml}, so that several services can share one classpath in
 * the standalone mode); an {@code application.yaml} beside the jar still overrides them.
 */
@SpringBootApplication
@Import(ApiSecurityConfiguration.class)
public class FrontierApplication {

  /** The application with its configuration file name set; also used by the standalone mode. */
  public static SpringApplicationBuilder application() {
    return new SpringApplicationBuilder(FrontierApplication.class)
        .properties("spring.config.name=frontier,application");
  }

  public static void main(String[] args) {
    application().run(args);
  }
}
