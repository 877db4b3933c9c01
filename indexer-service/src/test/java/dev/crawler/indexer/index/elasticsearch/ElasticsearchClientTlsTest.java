package dev.crawler.indexer.index.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.crawler.indexer.IndexerProperties;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client reaches an {@code https} Elasticsearch whose certificate a private CA signed (as ECK
 * serves it) when {@code ca-certificate} names that CA, and refuses it otherwise. The server is a
 * loopback HTTPS server answering like Elasticsearch; the CA and its server certificate are made
 * with the JDK's keytool for each run.
 */
class ElasticsearchClientTlsTest {

  private static final String PASSWORD = "test-only";

  @TempDir static Path directory;
  private static HttpsServer server;
  private static Path caCertificate;
  private static Path otherCaCertificate;

  @BeforeAll
  static void startHttpsServerWithACertificateFromAPrivateCa() throws Exception {
    caCertificate = certificateAuthority("ca");
    otherCaCertificate = certificateAuthority("other-ca");
    Path serverKeys = serverKeysSignedBy("ca");
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(serverKeys)) {
      keys.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, PASSWORD.toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keyManagers.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext(
        "/",
        exchange -> {
          exchange.getResponseHeaders().add("X-Elastic-Product", "Elasticsearch");
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterAll
  static void stopServer() {
    server.stop(0);
  }

  @Test
  void trustsTheServerWhenCaCertificateNamesTheCaThatSignedIt() throws IOException {
    try (ElasticsearchClient client = ElasticsearchClientFactory.create(config(caCertificate))) {
      assertThat(client.ping().value()).isTrue();
    }
  }

  @Test
  void refusesTheServerWithTheJdkTrustStore() throws IOException {
    try (ElasticsearchClient client = ElasticsearchClientFactory.create(config(null))) {
      assertThatThrownBy(client::ping).hasStackTraceContaining("SSLHandshakeException");
    }
  }

  @Test
  void refusesTheServerWhenCaCertificateNamesAnotherCa() throws IOException {
    try (ElasticsearchClient client =
        ElasticsearchClientFactory.create(config(otherCaCertificate))) {
      assertThatThrownBy(client::ping).hasStackTraceContaining("SSLHandshakeException");
    }
  }

  @Test
  void aFileWithoutCertificatesStopsStartUpNamingTheProperty() throws IOException {
    Path empty = Files.writeString(directory.resolve("empty.crt"), "");
    assertThatThrownBy(() -> ElasticsearchClientFactory.create(config(empty)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("crawler.indexer.elasticsearch.ca-certificate");
  }

  private static IndexerProperties.Elasticsearch config(Path caCertificate) {
    return new IndexerProperties.Elasticsearch(
        List.of(URI.create("https://localhost:" + server.getAddress().getPort())),
        null,
        null,
        null,
        caCertificate,
        9,
        "tls-test",
        1,
        1,
        0,
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        Duration.ofSeconds(5));
  }

  /** A self-signed CA in {@code <name>.p12}; returns its certificate as PEM. */
  private static Path certificateAuthority(String name) throws Exception {
    keytool(
        "-genkeypair",
        "-alias",
        name,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=" + name,
        "-ext",
        "bc:c",
        "-validity",
        "2",
        "-keystore",
        store(name));
    Path pem = directory.resolve(name + ".crt");
    keytool(
        "-exportcert", "-rfc", "-alias", name, "-keystore", store(name), "-file", pem.toString());
    return pem;
  }

  /** A key pair for localhost and 127.0.0.1, its certificate signed by the CA {@code ca}. */
  private static Path serverKeysSignedBy(String ca) throws Exception {
    keytool(
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-validity",
        "2",
        "-keystore",
        store("server"));
    Path request = directory.resolve("server.csr");
    keytool(
        "-certreq", "-alias", "server", "-keystore", store("server"), "-file", request.toString());
    Path signed = directory.resolve("server.crt");
    keytool(
        "-gencert",
        "-rfc",
        "-alias",
        ca,
        "-keystore",
        store(ca),
        "-infile",
        request.toString(),
        "-outfile",
        signed.toString(),
        "-ext",
        "san=dns:localhost,ip:127.0.0.1",
        "-validity",
        "2");
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        ca,
        "-keystore",
        store("server"),
        "-file",
        directory.resolve(ca + ".crt").toString());
    keytool(
        "-importcert",
        "-alias",
        "server",
        "-keystore",
        store("server"),
        "-file",
        signed.toString());
    return Path.of(store("server"));
  }

  private static String store(String name) {
    return directory.resolve(name + ".p12").toString();
  }

  private static void keytool(String... arguments) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(arguments));
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
    Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes());
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
    assertThat(keytool.exitValue()).as("keytool %s: %s", arguments[0], output).isZero();
  }
}
