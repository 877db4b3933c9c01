package dev.crawler.parser;

import dev.crawler.common.cluster.ClusterConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The parser's components, built from its validated configuration. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ParserProperties.class)
@Import(ClusterConfiguration.class)
class ParserConfiguration {

  @Bean
  PageParser pageParser(ParserProperties properties) {
    return new PageParser(properties);
  }
}
