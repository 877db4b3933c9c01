package dev.crawler.indexer.search;

import dev.crawler.common.security.ApiPaths;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The search API's place in the API security: readable anonymously unless {@code
 * crawler.security.search-requires-auth} is set.
 */
@Configuration(proxyBeanMethods = false)
class SearchApiConfiguration {

  @Bean
  ApiPaths searchApi() {
    return ApiPaths.search("/api/search", "/api/search/**");
  }
}
