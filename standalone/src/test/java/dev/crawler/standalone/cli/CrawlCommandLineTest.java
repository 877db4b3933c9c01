package dev.crawler.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crawler.common.messages.Scope;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CrawlCommandLineTest {

  @Test
  void defaultsServeTheLocalDataDirectoryOnLoopback() throws Exception {
    CrawlOptions options = CrawlCommandLine.parse();

    assertThat(options.seeds()).isEmpty();
    assertThat(options.dataDir()).isEqualTo(Path.of("crawl-data"));
    assertThat(options.port()).isEqualTo(8080);
    assertThat(options.bind()).isEqualTo("127.0.0.1");
    assertThat(options.bindsToLoopback()).isTrue();
    assertThat(options.allowPrivateNetworks()).isFalse();
    assertThat(options.exitWhenDone()).isFalse();
    assertThat(options.kafkaBootstrapServers()).isNull();
  }

  @Test
  void everyOptionIsReadInBothSpellings() throws Exception {
    CrawlOptions options =
        CrawlCommandLine.parse(
            "--max-pages=50",
            "--max-depth",
            "3",
            "--scope",
            "domain",
            "--delay-ms=250",
            "--data-dir",
            "/tmp/x",
            "--port=0",
            "--bind",
            "0.0.0.0",
            "--resolve",
            "Alpha.test=127.0.0.2",
            "--resolve=beta.test=::1",
            "--allow-private-networks",
            "--user-agent",
            "bot/1 (+https://example.org/bot)",
            "--exit-when-done",
            "--kafka.bootstrap-servers=k:9092",
            "--elasticsearch.uris",
            "http://es:9200",
            "HTTP://Example.com/start");

    assertThat(options.maxPages()).isEqualTo(50);
    assertThat(options.maxDepth()).isEqualTo(3);
    assertThat(options.scope()).isEqualTo(Scope.DOMAIN);
    assertThat(options.delayMs()).isEqualTo(250);
    assertThat(options.dataDir()).isEqualTo(Path.of("/tmp/x"));
    assertThat(options.port()).isZero();
    assertThat(options.bindsToLoopback()).isFalse();
    assertThat(options.resolve())
        .containsEntry("alpha.test", "127.0.0.2")
        .containsEntry("beta.test", "::1");
    assertThat(options.allowPrivateNetworks()).isTrue();
    assertThat(options.userAgent()).isEqualTo("bot/1 (+https://example.org/bot)");
    assertThat(options.exitWhenDone()).isTrue();
    assertThat(options.kafkaBootstrapServers()).isEqualTo("k:9092");
    assertThat(options.elasticsearchUris()).isEqualTo("http://es:9200");
    assertThat(options.seeds()).containsExactly("http://example.com/start");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--frobnicate | unknown option --frobnicate",
        "--max-pages | --max-pages needs a value",
        "--max-pages=ten | --max-pages needs a whole number",
        "--max-pages=-1 | --max-pages must be between",
        "--port=70000 | --port must be between",
        "--delay-ms=60001 | --delay-ms must be between 0 and 60000",
        "--scope=WORLD | --scope must be HOST, DOMAIN, PREFIX or ANY",
        "--resolve=alpha.test | --resolve needs HOST=IP",
        "--resolve=alpha.test=evil.example | --resolve needs an IP address",
        "--bind=somewhere | --bind needs an IP address",
        "--exit-when-done=yes | --exit-when-done takes no value",
        "ftp://example.com/ | not an http(s) URL",
        "--exit-when-done | --exit-when-done needs at least one URL",
      })
  void aMistakeIsReportedWithTheOptionItConcerns(String argument, String message) {
    assertThatThrownBy(() -> CrawlCommandLine.parse(argument))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(message);
  }

  @Test
  void helpIsAFlag() throws Exception {
    assertThat(CrawlCommandLine.parse("--help").help()).isTrue();
    assertThat(CrawlCommandLine.USAGE).contains("--exit-when-done").contains("--resolve");
  }
}
