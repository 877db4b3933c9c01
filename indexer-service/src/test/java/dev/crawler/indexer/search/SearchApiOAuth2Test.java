package dev.crawler.indexer.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.indexer.IndexerApplication;
import dev.crawler.testsupport.kafka.TestKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * In OAuth2 mode a protected API takes JWT access tokens signed by the configured issuer's key
 * (here a test RSA key, configured through Spring's standard {@code
 * spring.security.oauth2.resourceserver.jwt.public-key-location}); a token signed by another key,
 * or expired, is refused with 401.
 */
@SpringBootTest(
    classes = IndexerApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.config.name=indexer",
      "crawler.indexer.backend=lucene",
      "crawler.security.mode=oauth2",
      "crawler.security.search-requires-auth=true"
    })
class SearchApiOAuth2Test {

  private static final KeyPair ISSUER = rsaKeyPair();
  private static final KeyPair IMPOSTOR = rsaKeyPair();

  @TempDir static Path directory;

  @LocalServerPort int port;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
    registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
    registry.add("crawler.indexer.lucene.path", () -> directory.resolve("index").toString());
    registry.add("crawler.indexer.ingest.group-id", () -> "search-oauth2-" + UUID.randomUUID());
    Path publicKey = directory.resolve("issuer.pem");
    Files.writeString(
        publicKey,
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(ISSUER.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n");
    registry.add(
        "spring.security.oauth2.resourceserver.jwt.public-key-location",
        () -> publicKey.toUri().toString());
  }

  @Test
  void acceptsATokenSignedByTheIssuer() throws Exception {
    HttpResponse<String> response =
        search(token(ISSUER, Instant.now().plus(Duration.ofMinutes(5))));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  @Test
  void refusesNoTokenAnotherSignerOrAnExpiredToken() throws Exception {
    HttpResponse<String> none = search(null);
    HttpResponse<String> forged =
        search(token(IMPOSTOR, Instant.now().plus(Duration.ofMinutes(5))));
    HttpResponse<String> expired =
        search(token(ISSUER, Instant.now().minus(Duration.ofMinutes(10))));

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
    assertThat(none.body()).contains("\"status\":401", "access token");
    for (HttpResponse<String> refused : java.util.List.of(forged, expired)) {
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(challenge -> assertThat(challenge).contains("invalid_token"));
      assertThat(refused.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
      assertThat(refused.body()).contains("the access token is not valid");
    }
  }

  private HttpResponse<String> search(String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/search?q=crawler"))
            .GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  private static String token(KeyPair signer, Instant expiresAt) {
    NimbusJwtEncoder encoder =
        NimbusJwtEncoder.withKeyPair(
                (RSAPublicKey) signer.getPublic(), (RSAPrivateKey) signer.getPrivate())
            .build();
    JwtClaimsSet claims =
        JwtClaimsSet.builder()
            .subject("search-client")
            .issuedAt(expiresAt.minus(Duration.ofMinutes(10)))
            .expiresAt(expiresAt)
            .build();
    return encoder.encode(JwtEncoderParameters.from(claims)).getTokenValue();
  }

  private static KeyPair rsaKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
