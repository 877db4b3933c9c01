package dev.crawler.fetcher.http;

import static dev.crawler.fetcher.TestFetchers.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.common.messages.FetchOutcome;
import dev.crawler.common.messages.OutcomeKind;
import dev.crawler.fetcher.TestFetchers;
import dev.crawler.fetcher.task.TaskResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS against a real Jetty server that offers HTTP/2 and HTTP/1.1 by ALPN, with a certificate of
 * its own CA: the fetcher negotiates HTTP/2, and verifies the certificate against the configured
 * trust store (and refuses it with the JDK's CAs).
 */
class Http2OverTlsTest {

  private static final String HOST = "secure.test";
  private static final String PASSWORD = "changeit";

  /** The paths the server was asked for. */
  private static final List<String> requests = new ArrayList<>();

  @TempDir static Path keys;

  private static Server server;

  @BeforeAll
  static void start() throws Exception {
    Path serverKeys = keys.resolve("server.p12");
    Path certificate = keys.resolve("server.crt");
    String store = " -storetype PKCS12 -storepass " + PASSWORD;
    keytool(
        "-genkeypair -alias server -keyalg EC -groupname secp256r1 -validity 2 -dname CN=%s"
            + " -ext SAN=dns:%s -keystore %s"
            + store,
        HOST,
        HOST,
        serverKeys);
    keytool("-exportcert -alias server -keystore %s -file %s" + store, serverKeys, certificate);
    keytool(
        "-importcert -noprompt -alias server -file %s -keystore %s" + store,
        certificate,
        keys.resolve("trust.p12"));
    server = http2Server(serverKeys);
    server.start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  @Test
  void negotiatesHttp2WithAServerItsTrustStoreVouchesFor() throws Exception {
    try (TestFetchers fetchers =
        fetchers(
            Map.of(
                "crawler.fetcher.trust-store",
                keys.resolve("trust.p12").toString(),
                "crawler.fetcher.trust-store-password",
                PASSWORD))) {
      TaskResult result = process(fetchers, url("/page"));

      assertThat(result.outcome().kind())
          .as(result.outcome().detail())
          .isEqualTo(OutcomeKind.FETCHED);
      assertThat(result.page().orElseThrow().body()).asString().isEqualTo("<html>HTTP/2.0</html>");
    }
  }

  @Test
  void refusesACertificateNoTrustedAuthoritySigned() throws Exception {
    int before = requestCount();
    try (TestFetchers fetchers = fetchers(Map.of())) {
      FetchOutcome outcome = process(fetchers, url("/page")).outcome();

      assertThat(outcome.kind()).isEqualTo(OutcomeKind.NETWORK_ERROR);
      assertThat(outcome.detail()).contains("SSLHandshakeException");
      assertThat(requestCount()).isEqualTo(before);
    }
  }

  private static TestFetchers fetchers(Map<String, Object> tls) {
    Map<String, Object> properties = new HashMap<>(tls);
    properties.put("crawler.fetcher.allowed-cidrs", "127.0.0.0/8");
    properties.put("crawler.fetcher.host-overrides", HOST + "=127.0.0.1");
    return TestFetchers.start(properties);
  }

  private static TaskResult process(TestFetchers fetchers, String url) {
    return fetchers.pipeline().process(task(url)).orTimeout(20, TimeUnit.SECONDS).join();
  }

  private static String url(String path) {
    return "https://"
        + HOST
        + ":"
        + ((ServerConnector) server.getConnectors()[0]).getLocalPort()
        + path;
  }

  private static int requestCount() {
    synchronized (requests) {
      return requests.size();
    }
  }

  /** h2 and http/1.1 over TLS on 127.0.0.1; pages answer with the protocol they were asked in. */
  private static Server http2Server(Path keyStore) {
    Server jetty = new Server();
    HttpConfiguration http = new HttpConfiguration();
    http.addCustomizer(new SecureRequestCustomizer());
    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setKeyStorePath(keyStore.toString());
    tls.setKeyStorePassword(PASSWORD);
    ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
    alpn.setDefaultProtocol("http/1.1");
    ServerConnector connector =
        new ServerConnector(
            jetty,
            new SslConnectionFactory(tls, alpn.getProtocol()),
            alpn,
            new HTTP2ServerConnectionFactory(http),
            new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    jetty.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            synchronized (requests) {
              requests.add(path);
            }
            if (path.equals("/robots.txt")) {
              Response.writeError(request, response, callback, 404);
              return true;
            }
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
            Content.Sink.write(
                response,
                true,
                "<html>" + request.getConnectionMetaData().getProtocol() + "</html>",
                callback);
            return true;
          }
        });
    return jetty;
  }

  /** Runs the JDK's keytool; {@code arguments} is a format whose values contain no spaces. */
  private static void keytool(String arguments, Object... values) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(arguments.formatted(values).split(" ")));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + command + "\n" + output);
    }
  }
}
