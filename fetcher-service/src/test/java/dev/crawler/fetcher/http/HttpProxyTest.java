package dev.crawler.fetcher.http;

import static dev.crawler.fetcher.TestFetchers.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.crawler.common.messages.OutcomeKind;
import dev.crawler.fetcher.TestFetchers;
import dev.crawler.fetcher.task.TaskResult;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fetching through a configured HTTP proxy (a real HTTP server that answers absolute-form requests,
 * as a forward proxy receives them): requests go to the proxy, and the SSRF guard still checks each
 * target's own address before the proxy is asked, since the proxy resolves it.
 */
class HttpProxyTest {

  /** The request targets the proxy received, in absolute form. */
  private static final List<String> proxied = new CopyOnWriteArrayList<>();

  private static HttpServer proxy;
  private static TestFetchers fetchers;

  @BeforeAll
  static void start() throws IOException {
    proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    proxy.createContext("/", HttpProxyTest::answer);
    proxy.start();
    // The targets are never connected to directly: public.test's address is allowed,
    // internal.test's
    // is not; the proxy itself (on loopback) is the operator's and exempt.
    fetchers =
        TestFetchers.start(
            Map.of(
                "crawler.fetcher.proxy", "127.0.0.1:" + proxy.getAddress().getPort(),
                "crawler.fetcher.allowed-cidrs", "127.0.0.9/32",
                "crawler.fetcher.host-overrides",
                    "public.test=127.0.0.9,internal.test=127.0.0.10"));
  }

  @AfterAll
  static void stop() throws Exception {
    fetchers.close();
    proxy.stop(0);
  }

  @Test
  void sendsRequestsForAllowedTargetsThroughTheProxy() {
    TaskResult result = process("http://public.test/page");

    assertThat(result.outcome().kind()).isEqualTo(OutcomeKind.FETCHED);
    assertThat(result.page().orElseThrow().body()).asString().isEqualTo("<html>proxied</html>");
    assertThat(proxied).contains("http://public.test/robots.txt", "http://public.test/page");
  }

  @Test
  void refusesAPrivateTargetBeforeAskingTheProxy() {
    TaskResult result = process("http://internal.test/admin");

    assertThat(result.outcome().kind()).isEqualTo(OutcomeKind.BLOCKED_ADDRESS);
    assertThat(proxied).noneMatch(target -> target.contains("internal.test"));
  }

  private static TaskResult process(String url) {
    return fetchers.pipeline().process(task(url)).orTimeout(20, TimeUnit.SECONDS).join();
  }

  private static void answer(HttpExchange exchange) throws IOException {
    String target = exchange.getRequestURI().toString();
    proxied.add(target);
    try (exchange) {
      if (target.endsWith("/robots.txt")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body = "<html>proxied</html>".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
