package dev.crawler.frontier.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.frontier.FrontierServiceTest;
import org.junit.jupiter.api.Test;

/** Bad requests get RFC 9457 problem details naming the offending field, never a 500. */
class CrawlApiProblemsTest extends FrontierServiceTest {

  @Test
  void refusesASeedThatIsNotAUrl() {
    Response response = post("/api/crawls", "{\"seeds\":[\"http://ok.test/\",\"not a url\"]}");

    assertProblem(response, 400, "seeds[1]");
    assertThat(response.headers().headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
  }

  @Test
  void refusesAnFtpSeed() {
    assertProblem(post("/api/crawls", "{\"seeds\":[\"ftp://files.test/\"]}"), 400, "seeds[0]");
  }

  @Test
  void refusesACrawlWithoutSeeds() {
    assertProblem(post("/api/crawls", "{\"seeds\":[]}"), 400, "seeds");
    assertProblem(post("/api/crawls", "{\"name\":\"x\"}"), 400, "seeds");
  }

  @Test
  void refusesANegativeLimit() {
    assertProblem(
        post("/api/crawls", "{\"seeds\":[\"http://ok.test/\"],\"maxPages\":-1}"), 400, "maxPages");
  }

  @Test
  void refusesAPatternThatDoesNotCompile() {
    assertProblem(
        post("/api/crawls", "{\"seeds\":[\"http://ok.test/\"],\"exclude\":[\"(unclosed\"]}"),
        400,
        "exclude[0]");
  }

  @Test
  void refusesAValueOfTheWrongType() {
    assertProblem(
        post("/api/crawls", "{\"seeds\":[\"http://ok.test/\"],\"maxDepth\":\"deep\"}"),
        400,
        "maxDepth");
    assertProblem(
        post("/api/crawls", "{\"seeds\":[\"http://ok.test/\"],\"scope\":\"GALAXY\"}"),
        400,
        "scope");
  }

  @Test
  void refusesACrawlThatAsksForWarcWhereNoFetcherKeepsWarcFiles() {
    Response response = post("/api/crawls", "{\"seeds\":[\"http://ok.test/\"],\"warc\":true}");

    assertProblem(response, 400, "warc");
    assertThat(response.body().path("errors").findValuesAsString("message"))
        .anySatisfy(message -> assertThat(message).contains("crawler.fetcher.warc.directory"));
    Response plain = post("/api/crawls", "{\"seeds\":[\"http://ok.test/\"],\"warc\":false}");
    assertThat(plain.status()).isEqualTo(201);
    assertThat(plain.body().path("warc").asBoolean()).isFalse();
  }

  @Test
  void refusesAnUnknownField() {
    assertProblem(
        post("/api/crawls", "{\"seeds\":[\"http://ok.test/\"],\"maxdepth\":3}"), 400, "maxdepth");
  }

  @Test
  void refusesMalformedJson() {
    Response response = post("/api/crawls", "{\"seeds\":[\"http://ok.test/\"");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body().path("title").asString()).isEqualTo("Malformed JSON");
    assertThat(post("/api/crawls", "null").status()).isEqualTo(400);
    assertThat(post("/api/crawls", "[]").status()).isEqualTo(400);
    assertThat(post("/api/crawls", "").status()).isEqualTo(400);
  }

  @Test
  void refusesTooManySeeds() {
    String seeds = String.join(",", java.util.Collections.nCopies(21, "\"http://ok.test/\""));
    assertProblem(post("/api/crawls", "{\"seeds\":[" + seeds + "]}"), 400, "seeds");
  }

  @Test
  void refusesAnOversizedBody() {
    Response response =
        post(
            "/api/crawls",
            "{\"name\":\"" + "x".repeat(5_000) + "\",\"seeds\":[\"http://ok.test/\"]}");

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.body().path("status").asInt()).isEqualTo(413);
  }

  @Test
  void answersAnUnknownCrawlWith404() {
    assertThat(get("/api/crawls/no-such-crawl").status()).isEqualTo(404);
    assertThat(post("/api/crawls/no-such-crawl/pause", "").status()).isEqualTo(404);
    assertThat(delete("/api/crawls/no-such-crawl").status()).isEqualTo(404);
    Response inject = post("/api/crawls/no-such-crawl/urls", "{\"urls\":[\"http://ok.test/\"]}");
    assertThat(inject.status()).isEqualTo(404);
    assertThat(inject.body().path("crawlId").asString()).isEqualTo("no-such-crawl");
  }

  @Test
  void refusesInjectingABadUrl() {
    String id =
        post("/api/crawls", "{\"seeds\":[\"http://inject.test/\"]}").body().path("id").asString();

    assertProblem(
        post("/api/crawls/" + id + "/urls", "{\"urls\":[\"javascript:alert(1)\"]}"),
        400,
        "urls[0]");
  }

  private static void assertProblem(Response response, int status, String field) {
    assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
    assertThat(response.body().path("status").asInt()).isEqualTo(status);
    assertThat(response.body().path("title").asString()).isNotBlank();
    assertThat(response.body().path("errors").findValuesAsString("field")).contains(field);
  }
}
