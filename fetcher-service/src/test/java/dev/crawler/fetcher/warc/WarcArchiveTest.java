package dev.crawler.fetcher.warc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.fetcher.http.RawExchange;
import dev.crawler.testsupport.warc.WarcFiles;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcCaptureRecord;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.Warcinfo;

class WarcArchiveTest {

  private static final long ONE_MB = 1024 * 1024;

  @TempDir Path directory;

  @Test
  void filesAreRotatedBySizeAndEachBeginsWithAWarcinfoRecord() throws Exception {
    try (WarcArchive archive = new WarcArchive(directory, ONE_MB, "test", "crawler/1.0")) {
      for (int i = 0; i < 5; i++) {
        archive
            .crawl("c1")
            .record(exchange("https://example.test/big-" + i, randomBytes(400 * 1024, i)));
      }
    }

    List<Path> files = WarcFiles.files(directory);
    assertThat(files).hasSizeGreaterThanOrEqualTo(2);
    int responses = 0;
    for (Path file : files) {
      List<WarcRecord> records = WarcFiles.records(file);
      assertThat(records.getFirst()).isInstanceOf(Warcinfo.class);
      assertThat(((Warcinfo) records.getFirst()).filename())
          .contains(file.getFileName().toString());
      responses += (int) records.stream().filter(WarcResponse.class::isInstance).count();
      WarcFiles.assertValid(file);
    }
    assertThat(responses).isEqualTo(5);
  }

  @Test
  void aFileAKilledFetcherLeftHalfWrittenIsCutAfterItsLastCompleteRecord() throws Exception {
    try (WarcArchive archive = new WarcArchive(directory, ONE_MB, "test", "crawler/1.0")) {
      archive.crawl("c1").record(exchange("https://example.test/one", "first".getBytes()));
      archive.crawl("c1").record(exchange("https://example.test/two", "second".getBytes()));
    }
    Path complete = WarcFiles.files(directory).getFirst();
    byte[] bytes = Files.readAllBytes(complete);
    // What a kill leaves: the file still open, its last record (the request of /two) half written.
    Path killed = directory.resolve("killed-fetcher" + WarcArchive.OPEN_SUFFIX);
    Files.write(killed, bytes);
    Files.write(killed, Arrays.copyOf(bytes, 40), StandardOpenOption.APPEND);
    Files.delete(complete);

    new WarcArchive(directory, ONE_MB, "test", "crawler/1.0").close();

    Path recovered = directory.resolve("killed-fetcher" + WarcArchive.SUFFIX);
    assertThat(recovered).hasBinaryContent(bytes);
    assertThat(WarcFiles.records(recovered)).hasSize(5);
    WarcFiles.assertValid(recovered);
  }

  @Test
  void aFileAnotherLiveFetcherIsWritingIsLeftAlone() throws Exception {
    try (WarcArchive writing = new WarcArchive(directory, ONE_MB, "test", "crawler/1.0")) {
      writing.crawl("c1").record(exchange("https://example.test/one", "first".getBytes()));

      new WarcArchive(directory, ONE_MB, "other", "crawler/1.0").close();

      try (var files = Files.list(directory)) {
        assertThat(files.map(f -> f.getFileName().toString()))
            .singleElement()
            .satisfies(name -> assertThat(name).startsWith("test-").endsWith(".warc.gz.open"));
      }
    }
  }

  @Test
  void eachCrawlHasFilesOfItsOwnThatNameIt() throws Exception {
    try (WarcArchive archive = new WarcArchive(directory, ONE_MB, "test", "crawler/1.0")) {
      archive.crawl("alpha").record(exchange("https://a.test/1", "a1".getBytes()));
      archive.crawl("beta").record(exchange("https://b.test/1", "b1".getBytes()));
      archive.crawl("alpha").record(exchange("https://a.test/2", "a2".getBytes()));
    }

    List<Path> files = WarcFiles.files(directory);
    assertThat(files)
        .extracting(f -> f.getFileName().toString())
        .hasSize(2)
        .anySatisfy(name -> assertThat(name).startsWith("test-alpha-"))
        .anySatisfy(name -> assertThat(name).startsWith("test-beta-"));
    for (Path file : files) {
      String crawl = file.getFileName().toString().startsWith("test-alpha-") ? "alpha" : "beta";
      List<WarcRecord> records = WarcFiles.records(file);
      Warcinfo warcinfo = (Warcinfo) records.getFirst();
      assertThat(WarcFiles.warcinfo(file)).containsEntry("isPartOf", List.of(crawl));
      assertThat(records.stream().filter(WarcResponse.class::isInstance))
          .map(r -> ((WarcResponse) r).target())
          .allSatisfy(url -> assertThat(url).startsWith("https://" + crawl.charAt(0) + ".test/"))
          .hasSize(crawl.equals("alpha") ? 2 : 1);
      for (WarcRecord record : records.subList(1, records.size())) {
        assertThat(((WarcCaptureRecord) record).warcinfoID()).contains(warcinfo.id());
      }
      WarcFiles.assertValid(file);
    }
  }

  @Test
  void aCrawlIdIsMadeSafeForAFileNameAndKeptWholeInTheWarcinfo() throws Exception {
    try (WarcArchive archive = new WarcArchive(directory, ONE_MB, "test", "crawler/1.0")) {
      archive.crawl("../odd id").record(exchange("https://a.test/1", "a1".getBytes()));
    }

    Path file = WarcFiles.files(directory).getFirst();
    assertThat(file.getParent()).isEqualTo(directory);
    assertThat(file.getFileName().toString()).startsWith("test-.._odd_id-");
    assertThat(WarcFiles.warcinfo(file)).containsEntry("isPartOf", List.of("../odd id"));
  }

  @Test
  void aCrawlThatWroteNothingForItsIdleTimeHasItsFileFinishedAndBeginsANewOne() throws Exception {
    try (WarcArchive archive = new WarcArchive(directory, ONE_MB, "test", "crawler/1.0")) {
      archive.crawl("c1").record(exchange("https://a.test/1", "a1".getBytes()));

      archive.finishIdle(Duration.ofHours(1));
      assertThat(WarcFiles.files(directory)).as("finished files while busy").isEmpty();

      archive.finishIdle(Duration.ZERO);
      assertThat(WarcFiles.files(directory)).hasSize(1);
      WarcFiles.assertValid(WarcFiles.files(directory).getFirst());

      archive.crawl("c1").record(exchange("https://a.test/2", "a2".getBytes()));
    }

    List<Path> files = WarcFiles.files(directory);
    assertThat(files).hasSize(2);
    for (Path file : files) {
      assertThat(WarcFiles.records(file).getFirst()).isInstanceOf(Warcinfo.class);
    }
  }

  private static RawExchange exchange(String url, byte[] body) throws Exception {
    return new RawExchange(
        URI.create(url),
        Instant.parse("2026-01-01T00:00:00Z"),
        InetAddress.getByName("192.0.2.7"),
        HttpFields.build().put(HttpHeader.USER_AGENT, "crawler/1.0"),
        200,
        "OK",
        HttpFields.build()
            .put(HttpHeader.CONTENT_TYPE, "application/octet-stream")
            .put(HttpHeader.CONTENT_LENGTH, Integer.toString(body.length)),
        body,
        RawExchange.PayloadKept.WHOLE);
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
