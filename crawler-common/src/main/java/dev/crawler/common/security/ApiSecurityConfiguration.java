package dev.crawler.common.security;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * The HTTP security of the services with an API: the paths their {@link ApiPaths} beans declare
 * need an API key or an OAuth2 access token ({@link ApiSecurityProperties#mode()}); everything else
 * (actuator probes and metrics, the OpenAPI document, static pages) stays open, so Kubernetes
 * probes and Prometheus need no credentials. Stateless: no session, no cookie, hence no CSRF.
 *
 * <p>The frontier and the indexer import it; importing it into one context several times (the
 * standalone application) registers it once, and its one filter chain then guards both APIs.
 * Services without an API (fetcher, parser) do not import it and do not have Spring Security; a
 * service run without a web server (some tests) skips it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ApiSecurityProperties.class)
public class ApiSecurityConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ApiSecurityConfiguration.class);

  @Bean
  SecurityFilterChain apiSecurity(
      HttpSecurity http,
      ApiSecurityProperties settings,
      ObjectProvider<ApiPaths> apis,
      ObjectProvider<JwtDecoder> jwtDecoder)
      throws Exception {
    List<String> secured =
        apis.orderedStream()
            .filter(api -> api.requiresAuthentication(settings))
            .flatMap(api -> api.patterns().stream())
            .toList();
    ProblemAuthenticationEntryPoint entryPoint =
        new ProblemAuthenticationEntryPoint(settings.mode());
    http.csrf(AbstractHttpConfigurer::disable)
        .sessionManagement(
            session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(entryPoint))
        .authorizeHttpRequests(requests -> {
          if (!secured.isEmpty()) {
            requests.requestMatchers(secured.toArray(String[]::new)).authenticated();
          }
          requests.anyRequest().permitAll();
        });
    switch (settings.mode()) {
      case API_KEY -> {
        if (!secured.isEmpty() && settings.apiKeys().isEmpty()) {
          throw new IllegalStateException(
              ApiSecurityProperties.API_KEYS
                  + " must hold at least one key when crawler.security.mode is api-key: set the"
                  + " environment variable CRAWLER_SECURITY_APIKEYS (comma-separated keys, e.g."
                  + " from openssl rand -hex 32), or choose crawler.security.mode=oauth2");
        }
        http.addFilterBefore(
            new ApiKeyAuthenticationFilter(new ApiKeys(settings.apiKeys())),
            AnonymousAuthenticationFilter.class);
      }
      case OAUTH2 -> {
        JwtDecoder decoder = jwtDecoder.getIfAvailable();
        if (decoder == null) {
          throw new IllegalStateException(
              "crawler.security.mode=oauth2 needs the token issuer: set"
                  + " spring.security.oauth2.resourceserver.jwt.issuer-uri, jwk-set-uri or"
                  + " public-key-location");
        }
        http.oauth2ResourceServer(
            oauth2 -> oauth2.authenticationEntryPoint(entryPoint).jwt(jwt -> jwt.decoder(decoder)));
      }
      case NONE ->
          log.warn(
              "event=api_security_disabled mode=none reason=\"every API is open to anyone who can"
                  + " reach this port\"");
    }
    log.info(
        "event=api_security mode={} secured_paths={} keys={}",
        settings.mode(),
        secured,
        settings.apiKeys().size());
    return http.build();
  }

  /**
   * Requests Spring Security's firewall refuses (encoded slashes, {@code ..} segments, control
   * characters) get a problem detail like every other error, not a bare 400.
   */
  @Bean
  RequestRejectedHandler requestRejectedProblem() {
    return (request, response, rejected) ->
        SecurityProblems.write(
            request,
            response,
            HttpStatus.BAD_REQUEST,
            SecurityProblems.REJECTED_REQUEST,
            "Request rejected",
            rejected.getMessage());
  }
}
