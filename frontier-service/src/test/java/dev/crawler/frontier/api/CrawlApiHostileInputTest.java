package dev.crawler.frontier.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.frontier.FrontierServiceTest;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A barrage of hostile requests against every mutating endpoint: each gets a 4xx RFC 9457 problem
 * with a useful detail (naming the field where one is at fault), never a 500, and the frontier
 * stays healthy and keeps creating crawls. The test service caps bodies at 4096 bytes and requests
 * at 20 URLs.
 */
class CrawlApiHostileInputTest extends FrontierServiceTest {

  private static final String OK_SEED = "\"seeds\":[\"http://ok.test/\"]";

  private String crawlId;

  @BeforeEach
  void aRunningCrawl() {
    crawlId =
        post("/api/crawls", "{\"seeds\":[\"http://hostile.test/\"]}").body().path("id").asString();
  }

  @Test
  void refusesMalformedAndMisshapenJson() {
    for (String body :
        List.of(
            "{\"seeds\":[",
            "{\"seeds\":[\"http://ok.test/\"",
            "{\"seeds\" \"http://ok.test/\"}",
            "[\"http://ok.test/\"]",
            "\"http://ok.test/\"",
            "null",
            "",
            "{" + OK_SEED + "}{}",
            "{\"name\":" + "[".repeat(1_500) + "]".repeat(1_500) + "," + OK_SEED + "}")) {
      for (String path : bodyEndpoints()) {
        assertProblem(post(path, body), 400, null);
      }
    }
  }

  @Test
  void refusesValuesOfTheWrongTypeNamingTheField() {
    assertField("{" + OK_SEED + ",\"maxDepth\":\"deep\"}", "maxDepth");
    assertField("{\"seeds\":5}", "seeds");
    assertField("{\"seeds\":\"http://ok.test/\"}", "seeds");
    assertField("{\"seeds\":null}", "seeds");
    assertField("{\"seeds\":[null]}", "seeds[0]");
    assertField("{\"seeds\":[{\"url\":\"http://ok.test/\"}]}", "seeds[0]");
    assertField("{" + OK_SEED + ",\"maxPages\":true}", "maxPages");
    assertField("{" + OK_SEED + ",\"scope\":7}", "scope");
    assertField("{" + OK_SEED + ",\"include\":\"a.*\"}", "include");
    assertField("{" + OK_SEED + ",\"maxDepth\":1.5}", "maxDepth");
    assertProblem(post(inject(), "{\"urls\":\"http://ok.test/\"}"), 400, "urls");
    assertProblem(post(inject(), "{\"urls\":[7]}"), 400, "urls[0]");
  }

  @Test
  void refusesNumbersOutOfRangeNamingTheField() {
    assertField("{" + OK_SEED + ",\"maxDepth\":1e30}", "maxDepth");
    assertField("{" + OK_SEED + ",\"maxDepth\":99999999999}", "maxDepth");
    assertField("{" + OK_SEED + ",\"maxDepth\":-1}", "maxDepth");
    assertField("{" + OK_SEED + ",\"maxPages\":1e30}", "maxPages");
    assertField("{" + OK_SEED + ",\"maxPages\":99999999999999999999}", "maxPages");
    assertField("{" + OK_SEED + ",\"minDelayMs\":-5}", "minDelayMs");
    assertField("{" + OK_SEED + ",\"minDelayMs\":86400000}", "minDelayMs");
    assertField("{" + OK_SEED + ",\"maxConcurrencyPerHost\":0}", "maxConcurrencyPerHost");
    assertField("{" + OK_SEED + ",\"recrawlIntervalMinutes\":-1}", "recrawlIntervalMinutes");
    assertProblem(
        post("/api/crawls", "{" + OK_SEED + ",\"maxPages\":1" + "0".repeat(1_200) + "}"),
        400,
        null);
  }

  @Test
  void refusesUnknownFieldsNamingThem() {
    assertField("{" + OK_SEED + ",\"maxdepth\":3}", "maxdepth");
    assertField("{" + OK_SEED + ",\"id\":\"chosen-by-client\"}", "id");
    assertField("{" + OK_SEED + ",\"state\":\"FINISHED\"}", "state");
    assertProblem(
        post(inject(), "{\"urls\":[\"http://ok.test/\"],\"priority\":0}"), 400, "priority");
  }

  @Test
  void refusesBodiesOverTheLimitWith413WhetherDeclaredOrChunked() {
    String seeds =
        IntStream.range(0, 10_000)
            .mapToObj(i -> "\"http://h" + i + ".test/\"")
            .collect(Collectors.joining(","));
    String huge = "{\"seeds\":[" + seeds + "]}";

    for (String path : bodyEndpoints()) {
      assertProblem(
          post(path, huge.replace("seeds", path.endsWith("/urls") ? "urls" : "seeds")), 413, null);
      Response chunked =
          send(
              authorized(path)
                  .header("Content-Type", "application/json")
                  .POST(
                      BodyPublishers.ofInputStream(
                          () -> new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8)))));
      assertProblem(chunked, 413, null);
    }
  }

  @Test
  void refusesAnotherContentTypeWith415() {
    for (String type :
        List.of("text/plain", "application/xml", "application/x-www-form-urlencoded")) {
      for (String path : bodyEndpoints()) {
        Response response =
            send(
                authorized(path)
                    .header("Content-Type", type)
                    .POST(BodyPublishers.ofString("{" + OK_SEED + "}")));
        assertProblem(response, 415, null);
      }
    }
  }

  @Test
  void refusesTooManyOrTooLongOrNonHttpUrlsNamingEach() {
    assertField(
        "{\"seeds\":[" + String.join(",", Collections.nCopies(21, "\"http://ok.test/\"")) + "]}",
        "seeds");
    assertField("{\"seeds\":[\"http://ok.test/" + "a".repeat(3_000) + "\"]}", "seeds[0]");
    List<String> schemes =
        List.of(
            "file:///etc/passwd",
            "javascript:alert(1)",
            "ftp://files.test/",
            "data:text/html,hi",
            "gopher://ok.test/",
            "http://",
            "//ok.test/");
    String seeds = schemes.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(","));
    Response response = post("/api/crawls", "{\"seeds\":[" + seeds + "]}");
    assertProblem(response, 400, "seeds[0]");
    assertThat(response.body().path("errors").findValuesAsString("field"))
        .containsExactlyElementsOf(
            IntStream.range(0, schemes.size()).mapToObj(i -> "seeds[" + i + "]").toList());
    assertProblem(post(inject(), "{\"urls\":[\"file:///etc/passwd\"]}"), 400, "urls[0]");
  }

  @Test
  void answersUnknownOrMalformedCrawlIdsWith4xxProblems() {
    String unknown = "/api/crawls/no-such-crawl";
    assertProblem(get(unknown), 404, null);
    assertProblem(post(unknown + "/pause", ""), 404, null);
    assertProblem(post(unknown + "/resume", ""), 404, null);
    assertProblem(delete(unknown), 404, null);
    assertProblem(post(unknown + "/urls", "{\"urls\":[\"http://ok.test/\"]}"), 404, null);
    String longId = "/api/crawls/" + "x".repeat(2_000);
    assertProblem(get(longId), 404, null);
    assertProblem(post(longId + "/pause", ""), 404, null);
    assertProblem(post("/api/crawls/../x", ""), 400, null);
    // The servlet container refuses these itself, before any filter, with its own error page.
    for (String path :
        List.of("/api/crawls/..%2Fx/pause", "/api/crawls/a%00b", "/api/crawls/a%5Cb/pause")) {
      assertThat(post(path, "").status()).as(path).isEqualTo(400);
    }
    assertProblem(send(authorized("/api/crawls").PUT(BodyPublishers.ofString("{}"))), 405, null);
  }

  @Test
  void staysHealthyAndKeepsCreatingCrawlsAfterTheBarrage() {
    refusesMalformedAndMisshapenJson();
    refusesBodiesOverTheLimitWith413WhetherDeclaredOrChunked();
    refusesValuesOfTheWrongTypeNamingTheField();

    assertThat(send(HttpRequest.newBuilder(uri("/actuator/health")).GET()).status()).isEqualTo(200);
    assertThat(streams.state().isRunningOrRebalancing()).isTrue();
    Response created = post("/api/crawls", "{\"seeds\":[\"http://after-barrage.test/\"]}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(get("/api/crawls/" + created.body().path("id").asString()).status()).isEqualTo(200);
  }

  private List<String> bodyEndpoints() {
    return List.of("/api/crawls", inject());
  }

  private String inject() {
    return "/api/crawls/" + crawlId + "/urls";
  }

  private void assertField(String createBody, String field) {
    assertProblem(post("/api/crawls", createBody), 400, field);
  }

  private static void assertProblem(Response response, int status, String field) {
    String body = response.headers().body();
    assertThat(response.status()).as(body).isEqualTo(status);
    assertThat(response.headers().headers().firstValue("Content-Type"))
        .as(body)
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(response.body().path("status").asInt()).as(body).isEqualTo(status);
    assertThat(response.body().path("title").asString()).as(body).isNotBlank();
    assertThat(response.body().path("detail").asString()).as(body).isNotBlank();
    if (field != null) {
      assertThat(response.body().path("errors").findValuesAsString("field"))
          .as(body)
          .contains(field);
    }
  }
}
