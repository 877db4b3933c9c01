package dev.crawler.parser;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The parser's components, built from its validated configuration. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ParserProperties.class, ClusterProperties.class})
class ParserConfiguration {

  @Bean
  PageParser pageParser(ParserProperties properties) {
    return new PageParser(properties);
  }
}
