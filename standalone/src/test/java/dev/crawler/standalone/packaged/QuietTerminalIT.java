package dev.crawler.standalone.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.testsupport.web.TestWeb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first crawl in a terminal shows a person what they need and nothing else: one line saying what
 * is crawled and where search and the log are, one progress line rewritten in place, and the
 * summary. Framework and JVM warnings go to the log file only.
 */
class QuietTerminalIT {

  private static final String HOST = "quiet.test";

  /** The progress line: counts, rate, queue, errors and elapsed time. */
  static final String PROGRESS =
      "fetched \\d+ · parsed \\d+ · indexed \\d+ · \\d+\\.\\d pages/s · queued \\d+ · errors \\d+"
          + " · \\d+:\\d\\d";

  @TempDir Path work;

  @Test
  void aCrawlInATerminalShowsOneStartLineOneProgressLineAndTheSummaryOnly() throws Exception {
    int status;
    String screen;
    try (TestWeb web = threePages();
        CrawlProcess crawl =
            CrawlProcess.startInTerminal(work.resolve("terminal.out"), arguments(web))) {
      status = crawl.awaitExit(Duration.ofMinutes(4));
      screen = crawl.output();
    }

    assertThat(status).as("exit status; screen:\n%s", screen).isZero();
    // What a terminal shows once every carriage return has rewritten its line.
    List<String> lines =
        Arrays.stream(screen.replace("\r\n", "\n").split("\n"))
            .map(QuietTerminalIT::afterLastReturn)
            .toList();
    assertThat(lines)
        .as("the terminal's lines")
        .hasSize(7)
        .satisfies(all -> assertThat(all.get(0)).startsWith("Crawling http://" + HOST + ":"))
        .satisfies(all -> assertThat(all.get(0)).contains("Search: http://127.0.0.1:"))
        .satisfies(all -> assertThat(all.get(1)).matches(PROGRESS))
        .satisfies(all -> assertThat(all.get(2)).matches("Crawl \\S+ FINISHED after \\d+s"))
        .satisfies(all -> assertThat(all.get(5)).contains("indexed     3 documents"));
    assertThat(screen)
        .doesNotContain("WARN", "ERROR", "Exception")
        .as("no colour codes, only clear-to-end-of-line")
        .doesNotContainPattern("\033\\[(?!K)");
    assertThat(Files.readString(work.resolve("data").resolve("crawl.log")))
        .as("the full log")
        .contains("event=broker_started", "Tomcat started", "event=progress");
  }

  private String[] arguments(TestWeb web) {
    List<String> arguments =
        new ArrayList<>(List.of("--data-dir", work.resolve("data").toString(), "--port", "0"));
    web.resolveEntries().forEach(entry -> arguments.addAll(List.of("--resolve", entry)));
    arguments.addAll(
        List.of(
            "--allow-private-networks", "--delay-ms", "100", "--exit-when-done", web.seedUrl()));
    return arguments.toArray(String[]::new);
  }

  private static TestWeb threePages() {
    return TestWeb.builder()
        .host(
            HOST,
            site ->
                site.html("/", "<html><title>Home</title><a href=/a>a</a> <a href=/b>b</a></html>")
                    .html("/a", "<html><title>A</title><p>first quiet page</p></html>")
                    .html("/b", "<html><title>B</title><p>second quiet page</p></html>"))
        .seed(HOST, "/")
        .start();
  }

  private static String afterLastReturn(String line) {
    String[] rewrites = line.split("\r");
    return Arrays.stream(rewrites).reduce((first, last) -> last).orElse("").replace("\033[K", "");
  }
}
