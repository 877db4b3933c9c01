package dev.crawler.frontier.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.frontier.FrontierApplication;
import dev.crawler.testsupport.kafka.TestKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The crawl API in OAuth2 mode configured by the issuer alone ({@code
 * spring.security.oauth2.resourceserver.jwt.issuer-uri}): the frontier discovers the issuer's JWK
 * Set URI from its {@code /.well-known/openid-configuration}, served here by the test on 127.0.0.1.
 */
@SpringBootTest(
    classes = FrontierApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.config.name=frontier",
      "crawler.kafka.partitions=2",
      "crawler.security.mode=oauth2"
    })
class CrawlApiIssuerDiscoveryTest {

  private static final TestTokenIssuer ISSUER = new TestTokenIssuer();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort int port;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
    registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
    registry.add(
        "crawler.frontier.state-dir",
        Files.createTempDirectory("frontier-discovery-state")::toString);
    registry.add(
        "crawler.frontier.application-id", () -> "frontier-discovery-" + System.nanoTime());
    registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", ISSUER::issuer);
  }

  @AfterAll
  static void stopIssuer() {
    ISSUER.close();
  }

  @Test
  void discoversTheIssuersKeysAndAcceptsItsTokensOnly() throws Exception {
    HttpResponse<String> created = create(ISSUER.token());
    HttpResponse<String> otherIssuer =
        create(
            ISSUER.token(
                Instant.now().plus(Duration.ofMinutes(5)),
                "http://127.0.0.1:1/other",
                TestTokenIssuer.AUDIENCE,
                false));
    HttpResponse<String> forged =
        create(
            ISSUER.token(
                Instant.now().plus(Duration.ofMinutes(5)),
                ISSUER.issuer(),
                TestTokenIssuer.AUDIENCE,
                true));

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(ISSUER.discoveryRequests()).as("discovery document read").isPositive();
    assertThat(ISSUER.jwkSetRequests()).as("JWK set read").isPositive();
    for (HttpResponse<String> refused : List.of(otherIssuer, forged)) {
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
      assertThat(refused.body()).contains("the access token is not valid");
    }
  }

  private HttpResponse<String> create(String token) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/crawls"))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString("{\"seeds\":[\"http://discovery.test/\"]}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
