package dev.crawler.fetcher.warc;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.crawler.fetcher.TestFetchers;
import dev.crawler.testsupport.warc.WarcFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcTruncationReason;

/**
 * A fetcher with a WARC directory keeps every exchange of a crawl that asks for WARC, robots.txt
 * included, as WARC/1.1 request and response records in the crawl's own files, which jwarc reads
 * back and validates; the exchanges of a crawl that does not ask are kept nowhere.
 */
class FetchedExchangesWarcTest {

  private static final String PAGE = "<html><title>Kept</title><p>an archived page</p></html>";
  private static final int CAP = 1024;

  @TempDir static Path directory;

  private static HttpServer server;
  private static List<WarcRecord> records;
  private static List<Path> files;

  @BeforeAll
  static void fetchThreePagesThenClose() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          byte[] body =
              switch (path) {
                case "/page" -> PAGE.getBytes(StandardCharsets.UTF_8);
                case "/big" -> "<p>big page</p>".repeat(1000).getBytes(StandardCharsets.UTF_8);
                default -> "<html>not here</html>".getBytes(StandardCharsets.UTF_8);
              };
          respond(exchange, path.equals("/page") || path.equals("/big") ? 200 : 404, body);
        });
    server.start();
    int port = server.getAddress().getPort();
    String base = "http://warc.test:" + port;
    try (TestFetchers fetchers =
        TestFetchers.start(
            Map.of(
                "crawler.fetcher.allowed-cidrs",
                "127.0.0.1/32",
                "crawler.fetcher.host-overrides",
                "warc.test=127.0.0.1,plain.test=127.0.0.1",
                "crawler.fetcher.max-body-size",
                CAP + "B",
                "crawler.fetcher.warc.directory",
                directory.toString()))) {
      // A crawl that does not ask: neither its robots.txt nor its page is kept.
      fetch(fetchers, "unarchived", "http://plain.test:" + port + "/page", false);
      for (String path : List.of("/page", "/big", "/missing")) {
        fetch(fetchers, "archived", base + path, true);
      }
      // Nor when it fetches from a host an archived crawl fetches from.
      fetch(fetchers, "unarchived", base + "/not-kept", false);
    }
    files = WarcFiles.files(directory);
    records = new ArrayList<>();
    for (Path file : files) {
      records.addAll(WarcFiles.records(file));
    }
  }

  private static void fetch(TestFetchers fetchers, String crawl, String url, boolean warc)
      throws Exception {
    fetchers.pipeline().process(TestFetchers.task(crawl, url, warc)).get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  @Test
  void everyExchangeIsAResponseAndARequestRecordWithTheServersAddress() {
    assertThat(records.getFirst().type()).isEqualTo("warcinfo");
    assertThat(records.stream().filter(WarcResponse.class::isInstance))
        .map(r -> ((WarcResponse) r).target().replaceAll("^http://warc\\.test:\\d+", ""))
        .containsExactly("/robots.txt", "/page", "/big", "/missing");
    for (WarcRecord record : records) {
      assertThat(record.version().toString()).isEqualTo("WARC/1.1");
    }
    List<WarcRequest> requests =
        records.stream()
            .filter(WarcRequest.class::isInstance)
            .map(WarcRequest.class::cast)
            .toList();
    assertThat(requests).hasSize(4);
    for (WarcRequest request : requests) {
      assertThat(request.ipAddress()).contains(InetAddress.getLoopbackAddress());
      assertThat(request.concurrentTo()).hasSize(1);
    }
  }

  @Test
  void theCrawlsFilesNameItAndNothingOfACrawlThatDidNotAskIsKept() throws Exception {
    assertThat(files)
        .extracting(f -> f.getFileName().toString())
        .allSatisfy(name -> assertThat(name).startsWith("crawl-archived-"));
    for (Path file : files) {
      assertThat(WarcFiles.warcinfo(file)).containsEntry("isPartOf", List.of("archived"));
    }
    assertThat(records.stream().filter(WarcResponse.class::isInstance))
        .map(r -> ((WarcResponse) r).target())
        .noneSatisfy(url -> assertThat(url).contains("plain.test"))
        .noneSatisfy(url -> assertThat(url).endsWith("/not-kept"));
  }

  @Test
  void aResponseKeepsItsPayloadWithItsDigest() throws Exception {
    Captured page = response("/page");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.payload()).isEqualTo(PAGE.getBytes(StandardCharsets.UTF_8));
    assertThat(page.record().payloadDigest())
        .contains(new WarcDigest(sha1(PAGE.getBytes(StandardCharsets.UTF_8))));
    assertThat(page.record().ipAddress()).contains(InetAddress.getLoopbackAddress());
    assertThat(page.record().truncated()).isEqualTo(WarcTruncationReason.NOT_TRUNCATED);
  }

  @Test
  void aBodyCutAtTheSizeCapIsMarkedTruncatedByLength() throws Exception {
    Captured big = response("/big");

    assertThat(big.record().truncated()).isEqualTo(WarcTruncationReason.LENGTH);
    assertThat(big.payload()).hasSize(CAP);
  }

  @Test
  void aBodyTheFetcherDidNotWantIsMarkedTruncatedWithoutAReason() throws Exception {
    Captured missing = response("/missing");

    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.record().truncated()).isEqualTo(WarcTruncationReason.UNSPECIFIED);
  }

  @Test
  void theFilesPassTheValidator() throws Exception {
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      WarcFiles.assertValid(file);
    }
  }

  /** A response record with its HTTP status and payload, read before its body is consumed. */
  private record Captured(WarcResponse record, int status, byte[] payload) {}

  private static Captured response(String path) throws IOException {
    for (Path file : files) {
      try (WarcReader reader = new WarcReader(file)) {
        for (WarcRecord record : reader) {
          if (record instanceof WarcResponse response && response.target().endsWith(path)) {
            HttpResponse http = response.http();
            return new Captured(response, http.status(), http.body().stream().readAllBytes());
          }
        }
      }
    }
    throw new AssertionError("no response record for " + path);
  }

  private static MessageDigest sha1(byte[] bytes) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-1");
    digest.update(bytes);
    return digest;
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, byte[] body)
      throws IOException {
    try (exchange;
        OutputStream out = exchange.getResponseBody()) {
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(status, body.length);
      out.write(body);
    }
  }
}
