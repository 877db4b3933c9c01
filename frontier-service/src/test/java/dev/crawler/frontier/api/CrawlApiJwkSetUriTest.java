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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The crawl API in OAuth2 mode with the issuer's keys fetched from a JWK Set URI ({@code
 * spring.security.oauth2.resourceserver.jwt.jwk-set-uri}), here a JDK HTTP server of the test's on
 * 127.0.0.1, with the issuer and audience checked too ({@code issuer-uri}, {@code audiences}). A
 * token of that issuer for that audience is accepted; one signed by another key, expired, from
 * another issuer or for another audience gets 401 with a problem detail.
 */
@SpringBootTest(
    classes = FrontierApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.config.name=frontier",
      "crawler.kafka.partitions=2",
      "crawler.security.mode=oauth2",
      "spring.security.oauth2.resourceserver.jwt.audiences=" + TestTokenIssuer.AUDIENCE
    })
class CrawlApiJwkSetUriTest {

  private static final TestTokenIssuer ISSUER = new TestTokenIssuer();
  private static final String CRAWL = "{\"seeds\":[\"http://oauth2.test/\"]}";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort int port;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
    registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
    registry.add(
        "crawler.frontier.state-dir", Files.createTempDirectory("frontier-oauth2-state")::toString);
    registry.add("crawler.frontier.application-id", () -> "frontier-jwks-" + System.nanoTime());
    registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", ISSUER::jwkSetUri);
    registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", ISSUER::issuer);
  }

  @AfterAll
  static void stopIssuer() {
    ISSUER.close();
  }

  @Test
  void acceptsATokenOfTheIssuerWhoseKeysTheJwkSetUriServes() throws Exception {
    String token = ISSUER.token();

    HttpResponse<String> created = send("POST", "/api/crawls", token);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = JSON.readTree(created.body()).path("id").asString();
    HttpResponse<String> read = send("GET", "/api/crawls/" + id, token);

    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    assertThat(JSON.readTree(read.body()).path("id").asString()).isEqualTo(id);
    assertThat(ISSUER.jwkSetRequests()).as("JWK set fetched from the URI").isPositive();
  }

  @Test
  void refusesAMissingTokenWithAProblemDetail() throws Exception {
    HttpResponse<String> none = send("POST", "/api/crawls", null);

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
    assertThat(none.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(JSON.readTree(none.body()).path("detail").asString()).contains("access token");
  }

  @Test
  void refusesATokenFromAnotherSignerExpiredFromAnotherIssuerOrForAnotherAudience()
      throws Exception {
    Instant valid = Instant.now().plus(Duration.ofMinutes(5));
    Map<String, String> tokens =
        Map.of(
            "another signer",
            ISSUER.token(valid, ISSUER.issuer(), TestTokenIssuer.AUDIENCE, true),
            "expired",
            ISSUER.token(
                Instant.now().minus(Duration.ofMinutes(10)),
                ISSUER.issuer(),
                TestTokenIssuer.AUDIENCE,
                false),
            "another issuer",
            ISSUER.token(valid, "http://127.0.0.1:1/other", TestTokenIssuer.AUDIENCE, false),
            "another audience",
            ISSUER.token(valid, ISSUER.issuer(), "search-api", false));

    for (Map.Entry<String, String> token : tokens.entrySet()) {
      for (String[] request : new String[][] {{"POST", "/api/crawls"}, {"GET", "/api/crawls"}}) {
        HttpResponse<String> refused = send(request[0], request[1], token.getValue());

        String what = token.getKey() + ", " + request[0] + " " + request[1];
        assertThat(refused.statusCode()).as(what).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate"))
            .as(what)
            .hasValueSatisfying(challenge -> assertThat(challenge).contains("invalid_token"));
        assertThat(refused.headers().firstValue("Content-Type"))
            .as(what)
            .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.path("status").asInt()).as(what).isEqualTo(401);
        assertThat(problem.path("detail").asString())
            .as(what)
            .startsWith("the access token is not valid");
      }
    }
  }

  private HttpResponse<String> send(String method, String path, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(20));
    if ("POST".equals(method)) {
      request
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(CRAWL));
    } else {
      request.GET();
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
