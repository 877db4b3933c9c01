package dev.crawler.fetcher.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.crawler.fetcher.TestFetchers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fetcher learns when a request reached the connection (after the name lookup and connect),
 * which is what its local politeness limiter spaces the next fetch of the host from.
 */
class RequestSentTest {

  private static final List<String> events = new CopyOnWriteArrayList<>();

  private static HttpServer server;
  private static TestFetchers fetchers;

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.createContext(
        "/",
        exchange -> {
          events.add("server received");
          try (exchange;
              OutputStream out = exchange.getResponseBody()) {
            byte[] body = "<html>ok</html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            out.write(body);
          }
        });
    server.start();
    fetchers =
        TestFetchers.start(
            Map.of(
                "crawler.fetcher.allowed-cidrs", "127.0.0.1/32",
                "crawler.fetcher.host-overrides", "sent.test=127.0.0.1"));
  }

  @AfterAll
  static void stop() throws Exception {
    fetchers.close();
    server.stop(0);
  }

  @Test
  void tellsOnceWhenTheRequestWentOut() {
    URI uri = URI.create("http://sent.test:" + server.getAddress().getPort() + "/page");
    HttpGet get = new HttpGet(uri, null, null, 1_000, response -> true, () -> events.add("sent"));

    HttpReply reply = fetchers.http().get(get).orTimeout(20, TimeUnit.SECONDS).join();

    assertThat(reply.status()).isEqualTo(200);
    // The callback and the server race after the write, so only the count is certain.
    assertThat(events).containsExactlyInAnyOrder("sent", "server received");
  }
}
