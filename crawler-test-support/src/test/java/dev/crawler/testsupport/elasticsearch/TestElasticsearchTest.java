package dev.crawler.testsupport.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crawler.testsupport.process.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestElasticsearchTest {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void indexedDocumentIsFoundAndSurvivesARestart() throws Exception {
    TestElasticsearch es = TestElasticsearch.get();
    URI uri = es.httpUri();
    send(uri, "PUT", "/survivor", "{\"settings\":{\"number_of_replicas\":0}}");
    send(
        uri,
        "PUT",
        "/survivor/_doc/1?refresh=true",
        "{\"title\":\"quorvax17 lives here\",\"host\":\"alpha.test\"}");

    assertThat(search(uri, "survivor", "quorvax17")).contains("\"_id\":\"1\"");

    es.stop();
    assertThat(es.isRunning()).isFalse();
    assertThat(FreePorts.isListening(uri.getPort())).isFalse();
    es.start();

    assertThat(es.httpUri()).isEqualTo(uri);
    assertThat(search(uri, "survivor", "quorvax17")).contains("\"_id\":\"1\"");
  }

  @Test
  void serverMajorVersionMatchesTheRunningServer() throws Exception {
    TestElasticsearch es = TestElasticsearch.get();

    String nodes = send(es.httpUri(), "GET", "/_nodes/_local?filter_path=nodes.*.version", null);

    assertThat(nodes).contains("\"version\":\"" + es.serverMajorVersion() + ".");
  }

  @Test
  void nodeOnATakenPortFailsWithAClearMessage(@TempDir Path runDir) throws IOException {
    try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ElasticsearchProcess node = ElasticsearchProcess.create(runDir, squatter.getLocalPort());

      assertThatThrownBy(node::start).hasMessageContaining("is taken by another process");
    }
  }

  private String search(URI uri, String index, String term) throws Exception {
    return send(
        uri,
        "POST",
        "/" + index + "/_search",
        "{\"query\":{\"match\":{\"title\":\"" + term + "\"}}}");
  }

  private String send(URI uri, String method, String path, String json) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri.resolve(path)).timeout(Duration.ofSeconds(30));
    if (json == null) {
      request.GET();
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isLessThan(300);
    return response.body();
  }
}
