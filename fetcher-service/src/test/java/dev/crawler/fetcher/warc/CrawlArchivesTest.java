package dev.crawler.fetcher.warc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crawler.common.messages.FetchTask;
import dev.crawler.fetcher.TestFetchers;
import dev.crawler.fetcher.http.ExchangeRecorder;
import dev.crawler.fetcher.http.RawExchange;
import dev.crawler.testsupport.warc.WarcFiles;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which tasks' exchanges a fetcher archives, and what it does when it cannot. */
class CrawlArchivesTest {

  private static final long ONE_MB = 1024 * 1024;

  @TempDir Path directory;

  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void onlyATaskWhoseCrawlAsksIsArchivedEachCrawlByItself() throws Exception {
    try (CrawlArchives archives = archives(Duration.ofMinutes(5))) {
      assertThat(archives.recorderFor(task("c1", false))).isSameAs(ExchangeRecorder.NONE);
      ExchangeRecorder c1 = archives.recorderFor(task("c1", true));
      ExchangeRecorder c2 = archives.recorderFor(task("c2", true));

      assertThat(c1).isNotSameAs(ExchangeRecorder.NONE).isNotSameAs(c2);
      assertThat(archives.recorderFor(task("c1", true))).isSameAs(c1);
    }
    assertThat(unarchived()).isZero();
  }

  @Test
  void withoutADirectoryATaskThatAsksIsFetchedUnarchivedAndCounted() {
    try (CrawlArchives archives = CrawlArchives.none(registry)) {
      assertThat(archives.recorderFor(task("c1", true))).isSameAs(ExchangeRecorder.NONE);
      assertThat(archives.recorderFor(task("c1", true))).isSameAs(ExchangeRecorder.NONE);
      assertThat(archives.recorderFor(task("c2", false))).isSameAs(ExchangeRecorder.NONE);
    }

    assertThat(unarchived()).isEqualTo(2);
  }

  @Test
  void aCrawlThatStoppedWritingHasItsFileFinishedWhileTheFetcherRuns() throws Exception {
    try (CrawlArchives archives = archives(Duration.ofMillis(200))) {
      archives.recorderFor(task("ended", true)).record(exchange("https://a.test/"));

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(WarcFiles.files(directory)).hasSize(1));
      try (var all = Files.list(directory)) {
        assertThat(all.filter(f -> f.toString().endsWith(".open"))).isEmpty();
      }
      WarcFiles.assertValid(WarcFiles.files(directory).getFirst());
    }
  }

  private CrawlArchives archives(Duration idleTimeout) {
    return CrawlArchives.in(
        new WarcArchive(directory, ONE_MB, "crawl", "crawler/1.0"),
        idleTimeout,
        scheduler,
        registry);
  }

  private double unarchived() {
    return registry.get("crawler.fetcher.warc.unarchived").counter().count();
  }

  private static FetchTask task(String crawlId, boolean warc) {
    return TestFetchers.task(crawlId, "https://a.test/", warc);
  }

  private static RawExchange exchange(String url) throws Exception {
    byte[] body = "<p>kept</p>".getBytes();
    return new RawExchange(
        URI.create(url),
        Instant.now(),
        InetAddress.getByName("192.0.2.7"),
        HttpFields.build().put(HttpHeader.USER_AGENT, "crawler/1.0"),
        200,
        "OK",
        HttpFields.build()
            .put(HttpHeader.CONTENT_TYPE, "text/html")
            .put(HttpHeader.CONTENT_LENGTH, Integer.toString(body.length)),
        body,
        RawExchange.PayloadKept.WHOLE);
  }
}
