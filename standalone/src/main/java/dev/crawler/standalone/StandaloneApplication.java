package dev.crawler.standalone;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The standalone service as its own Spring Boot application. Its defaults live in {@code
 * standalone.yaml} (not {@code application.yaml}, so that several services can share one classpath
 * in the standalone mode); an {@code application.yaml} beside the jar still overrides them.
 */
@SpringBootApplication
public class StandaloneApplication {

  /** The application with its configuration file name set; also used by the standalone mode. */
  public static SpringApplicationBuilder application() {
    return new SpringApplicationBuilder(StandaloneApplication.class)
        .properties("spring.config.name=standalone,application");
  }

  public static void main(String[] args) {
    application().run(args);
  }
}
