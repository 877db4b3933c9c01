package dev.crawler.standalone.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crawler.testsupport.warc.WarcFiles;
import dev.crawler.testsupport.web.TestPage;
import dev.crawler.testsupport.web.TestWeb;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A new user's first crawl, run as the packaged application: {@code crawl --warc DIR
 * --exit-when-done} of the test web ends with status 0 and a summary, with the crawl's WARC files
 * named after it, and a second run on the same data directory, without URLs or {@code --warc},
 * serves what the first one indexed through the search API and the search page, and refuses a crawl
 * that asks for WARC files. The first run logs at DEBUG, as an operator following a URL would, so
 * that one URL's trace can be followed through every stage's log lines in its log file; its output,
 * a pipe, shows none of them.
 */
class StandaloneCrawlIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path work;

  private static TestWeb web;
  private static int firstRunStatus;
  private static String firstRunOutput;
  private static String firstRunLog;
  private static CrawlProcess server;
  private static String address;

  @BeforeAll
  static void crawlTheTestWebThenServeIt() throws Exception {
    web = TestWeb.startDefault();
    Path dataDir = work.resolve("data");
    List<String> crawl = new ArrayList<>(List.of("--data-dir", dataDir.toString(), "--port", "0"));
    web.resolveEntries().forEach(entry -> crawl.addAll(List.of("--resolve", entry)));
    crawl.addAll(
        List.of(
            "--allow-private-networks",
            "--scope",
            "ANY",
            "--delay-ms",
            "100",
            "--warc",
            work.resolve("warc").toString(),
            "--exit-when-done",
            web.seedUrl()));
    try (CrawlProcess first =
        CrawlProcess.start(
            work.resolve("first.log"),
            List.of("-Dlogging.level.dev.crawler=DEBUG"),
            crawl.toArray(String[]::new))) {
      firstRunStatus = first.awaitExit(Duration.ofMinutes(4));
      firstRunOutput = first.output();
    }
    firstRunLog = Files.readString(dataDir.resolve("crawl.log"));
    server =
        CrawlProcess.start(
            work.resolve("second.log"), "--data-dir", dataDir.toString(), "--port", "0");
    address = server.awaitServing(Duration.ofMinutes(2));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (web != null) {
      web.close();
    }
  }

  @Test
  void aCrawlWithExitWhenDoneEndsWithStatusZeroAndASummaryOfEveryIndexablePage() {
    assertThat(firstRunStatus).as("exit status; output:\n%s", firstRunOutput).isZero();
    assertThat(firstRunOutput)
        .containsPattern("Crawl \\S+ FINISHED after \\d+s")
        .contains("indexed     " + web.expectedIndexablePages().size() + " documents");
    for (TestPage page : web.disallowedPages()) {
      assertThat(web.requests().count(page.host(), page.path()))
          .as("requests for disallowed %s", page.url())
          .isZero();
    }
  }

  @Test
  void pipedOutputIsTheStartLinePlainProgressLinesAndTheSummaryWithoutLogLines() {
    List<String> lines = firstRunOutput.lines().toList();

    assertThat(lines.getFirst()).startsWith("Crawling " + web.seedUrl());
    assertThat(lines.subList(1, lines.size() - 5))
        .allMatch(line -> line.matches(QuietTerminalIT.PROGRESS));
    assertThat(lines.get(lines.size() - 5)).matches("Crawl \\S+ FINISHED after \\d+s");
    assertThat(firstRunOutput).doesNotContain("\r", "WARN", "DEBUG", "event=");
  }

  @Test
  void theWarcFilesOfTheCrawlHoldEveryIndexedPageAndPassTheValidator() throws Exception {
    Matcher finished = Pattern.compile("Crawl (\\S+) FINISHED").matcher(firstRunOutput);
    assertThat(finished.find()).as("output:%n%s", firstRunOutput).isTrue();
    String crawlId = finished.group(1);
    List<Path> files = WarcFiles.files(work.resolve("warc"));
    List<String> responses = new ArrayList<>();
    for (Path file : files) {
      assertThat(file.getFileName().toString()).startsWith("crawl-" + crawlId + "-");
      assertThat(WarcFiles.warcinfo(file)).containsEntry("isPartOf", List.of(crawlId));
      for (WarcRecord record : WarcFiles.records(file)) {
        if (record instanceof WarcResponse response) {
          responses.add(response.target());
        }
      }
      WarcFiles.assertValid(file);
    }

    assertThat(files).as("WARC files").isNotEmpty();
    assertThat(responses)
        .containsAll(web.expectedIndexablePages().stream().map(TestPage::url).toList());
  }

  @Test
  void oneUrlsTraceIdFollowsItThroughEveryStagesLogLines() {
    TestPage page = web.expectedIndexablePages().getFirst();
    Matcher release =
        Pattern.compile(
                "\\[([0-9a-f]{32})-[0-9a-f]{16}\\].*event=fetch_released url="
                    + Pattern.quote(page.url())
                    + " ")
            .matcher(firstRunLog);
    assertThat(release.find()).as("release of %s in the log", page.url()).isTrue();
    String traceId = release.group(1);

    List<String> traced = firstRunLog.lines().filter(line -> line.contains(traceId)).toList();

    assertThat(traced)
        .as("log lines of trace %s", traceId)
        .anySatisfy(line -> assertThat(line).contains("event=task_done url=" + page.url()))
        .anySatisfy(line -> assertThat(line).contains("event=outcome_received url=" + page.url()))
        .anySatisfy(line -> assertThat(line).contains("event=page_parsed url=" + page.url()))
        .anySatisfy(line -> assertThat(line).contains("event=document-applied url=" + page.url()));
  }

  @Test
  void aRunWithoutUrlsServesTheIndexOfTheDataDirectoryThroughTheSearchApi() throws Exception {
    for (TestPage page : web.expectedIndexablePages()) {
      JsonNode hits = search(page.uniqueTerm()).get("hits");
      assertThat(hits.isEmpty()).as("hits for %s", page.uniqueTerm()).isFalse();
      assertThat(hits.get(0).get("url").asString()).isEqualTo(page.url());
    }
  }

  @Test
  void aRunWithoutWarcRefusesACrawlThatAsksForWarcFiles() throws Exception {
    HttpResponse<String> response =
        CrawlProcess.post(
            address + "/api/crawls", "{\"seeds\":[\"" + web.seedUrl() + "\"],\"warc\":true}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).path("errors").findValuesAsString("field"))
        .containsExactly("warc");
  }

  @Test
  void theSearchPageShowsTheResultsOfAQueryInAHeadlessBrowser() throws Exception {
    TestPage page =
        web.expectedIndexablePages().stream()
            .filter(p -> p.title() != null)
            .findFirst()
            .orElseThrow();
    String url = address + "/?q=" + URLEncoder.encode(page.uniqueTerm(), StandardCharsets.UTF_8);

    String dom = dumpDom(url);

    assertThat(dom)
        .contains("class=\"hit\"")
        .contains(">" + page.title() + "</a>")
        .contains("href=\"" + page.url() + "\"")
        .contains("<em>" + page.uniqueTerm() + "</em>");
  }

  private static JsonNode search(String term) throws Exception {
    HttpResponse<String> response =
        CrawlProcess.get(
            address + "/api/search?q=" + URLEncoder.encode(term, StandardCharsets.UTF_8));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** Debian's Chromium, headless: the page's DOM once its scripts ran and its fetches answered. */
  private static String dumpDom(String url) throws Exception {
    Path profile = Files.createTempDirectory(work, "chromium");
    Path dom = work.resolve("dom.html");
    Process chromium =
        new ProcessBuilder(
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=10000",
                "--dump-dom",
                url)
            .redirectOutput(dom.toFile())
            .redirectError(work.resolve("chromium.log").toFile())
            .start();
    await().atMost(Duration.ofMinutes(2)).until(() -> chromium.waitFor(1, TimeUnit.SECONDS));
    assertThat(chromium.exitValue())
        .as("chromium: %s", Files.readString(work.resolve("chromium.log")))
        .isZero();
    return Files.readString(dom);
  }
}
