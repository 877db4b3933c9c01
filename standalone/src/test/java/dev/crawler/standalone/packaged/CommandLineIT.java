package dev.crawler.standalone.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The packaged command's answers to {@code --help} and to command lines it cannot run. */
class CommandLineIT {

  @TempDir Path work;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--frobnicate | unknown option --frobnicate",
        "--max-pages=ten | --max-pages needs a whole number",
        "--port=70000 | --port must be between",
        "--resolve=alpha.test | --resolve needs HOST=IP",
        "--exit-when-done | --exit-when-done needs at least one URL",
        "--bind=0.0.0.0 | lets other machines reach the crawl API: give it a key with --api-key",
      })
  void aCommandLineThatCannotRunExitsWithStatusTwoNamingTheOption(String argument, String message)
      throws Exception {
    try (CrawlProcess crawl =
        CrawlProcess.start(work.resolve("out.log"), "--data-dir", work.toString(), argument)) {
      assertThat(crawl.awaitExit(Duration.ofMinutes(1))).isEqualTo(2);
      assertThat(crawl.output()).contains(message).contains("--help");
    }
  }

  @Test
  void helpDocumentsEveryOptionAndExitsZero() throws Exception {
    try (CrawlProcess crawl = CrawlProcess.start(work.resolve("out.log"), "--help")) {
      assertThat(crawl.awaitExit(Duration.ofMinutes(1))).isZero();
      assertThat(crawl.output())
          .contains("Usage: ./crawl [options] URL...")
          .contains(
              "--max-pages",
              "--max-depth",
              "--scope",
              "--delay-ms",
              "--data-dir",
              "--port",
              "--bind",
              "--api-key",
              "--resolve",
              "--allow-private-networks",
              "--user-agent",
              "--warc",
              "--exit-when-done",
              "--kafka.bootstrap-servers",
              "--elasticsearch.uris",
              "--verbose");
    }
  }
}
