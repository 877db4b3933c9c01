package dev.crawler.parser;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The parser service as its own Spring Boot application. Its defaults live in {@code parser.yaml}
 * (not {@code application.yaml}, so that several services can share one classpath in the standalone
 * mode); an {@code application.yaml} beside the jar still overrides them.
 */
@SpringBootApplication
public class ParserApplication {

  /** The application with its configuration file name set; also used by the standalone mode. */
  public static SpringApplicationBuilder application() {
    return new SpringApplicationBuilder(ParserApplication.class)
        .properties("spring.config.name=parser,application");
  }

  public static void main(String[] args) {
    application().run(args);
  }
}
