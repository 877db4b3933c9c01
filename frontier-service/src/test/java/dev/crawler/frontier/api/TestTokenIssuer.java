package dev.crawler.frontier.api;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import tools.jackson.databind.json.JsonMapper;

/**
 * A token issuer for tests: an RSA key whose public half a JDK HTTP server on 127.0.0.1 serves as a
 * JWK set ({@code /jwks}), with an OpenID Provider configuration ({@code
 * /.well-known/openid-configuration}, issuer {@link #issuer()}) for discovery; and tokens signed by
 * that key, or by a key nobody publishes.
 */
final class TestTokenIssuer implements AutoCloseable {

  /** The audience tokens carry unless a test says otherwise. */
  static final String AUDIENCE = "crawl-api";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final KeyPair signer = rsaKeyPair();
  private final KeyPair impostor = rsaKeyPair();
  private final String keyId = "test-key-1";
  private final HttpServer server;
  private final AtomicInteger jwkSetRequests = new AtomicInteger();
  private final AtomicInteger discoveryRequests = new AtomicInteger();

  TestTokenIssuer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String jwkSet =
        new JWKSet(
                new RSAKey.Builder((RSAPublicKey) signer.getPublic())
                    .keyID(keyId)
                    .algorithm(JWSAlgorithm.RS256)
                    .build())
            .toString();
    server.createContext(
        "/jwks",
        exchange -> {
          jwkSetRequests.incrementAndGet();
          answer(exchange, jwkSet);
        });
    server.createContext(
        "/.well-known/openid-configuration",
        exchange -> {
          discoveryRequests.incrementAndGet();
          answer(
              exchange,
              JSON.writeValueAsString(
                  Map.of(
                      "issuer", issuer(),
                      "jwks_uri", jwkSetUri(),
                      "subject_types_supported", List.of("public"),
                      "id_token_signing_alg_values_supported", List.of("RS256"),
                      "response_types_supported", List.of("code"))));
        });
    server.start();
  }

  /** The issuer's identifier: the server's root, whose discovery document names it. */
  String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  String jwkSetUri() {
    return issuer() + "/jwks";
  }

  int jwkSetRequests() {
    return jwkSetRequests.get();
  }

  int discoveryRequests() {
    return discoveryRequests.get();
  }

  /** A token of this issuer, for {@link #AUDIENCE}, valid for five more minutes. */
  String token() {
    return token(Instant.now().plus(Duration.ofMinutes(5)), issuer(), AUDIENCE, false);
  }

  /**
   * @param expiresAt when the token expires
   * @param issuer the {@code iss} claim
   * @param audience the {@code aud} claim
   * @param forged signed by a key this issuer does not publish (with this issuer's key id)
   */
  String token(Instant expiresAt, String issuer, String audience, boolean forged) {
    KeyPair key = forged ? impostor : signer;
    RSAKey jwk =
        new RSAKey.Builder((RSAPublicKey) key.getPublic())
            .privateKey((RSAPrivateKey) key.getPrivate())
            .keyID(keyId)
            .build();
    NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(jwk)));
    JwtClaimsSet claims =
        JwtClaimsSet.builder()
            .issuer(issuer)
            .subject("crawl-operator")
            .audience(List.of(audience))
            .issuedAt(expiresAt.minus(Duration.ofMinutes(10)))
            .expiresAt(expiresAt)
            .build();
    return encoder
        .encode(
            JwtEncoderParameters.from(
                JwsHeader.with(SignatureAlgorithm.RS256).keyId(keyId).build(), claims))
        .getTokenValue();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static void answer(HttpExchange exchange, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    try (var out = exchange.getResponseBody()) {
      out.write(body);
    }
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
