package dev.crawler.frontier.api;

import dev.crawler.common.security.ApiPaths;
import dev.crawler.frontier.FrontierProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API's servlet plumbing. */
@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

  /** The whole crawl API needs authentication: its status reveals what is crawled, too. */
  @Bean
  ApiPaths crawlApi() {
    return ApiPaths.control("/api/crawls", "/api/crawls/**");
  }

  @Bean
  FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimit(FrontierProperties settings) {
    FilterRegistrationBean<RequestBodyLimitFilter> registration =
        new FilterRegistrationBean<>(new RequestBodyLimitFilter(settings.limits().maxBodyBytes()));
    registration.addUrlPatterns("/api/*");
    return registration;
  }
}
