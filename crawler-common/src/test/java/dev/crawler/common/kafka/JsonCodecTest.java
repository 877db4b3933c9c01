package dev.crawler.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crawler.common.messages.CrawlJob;
import dev.crawler.common.messages.CrawlMessage;
import dev.crawler.common.messages.CrawlState;
import dev.crawler.common.messages.FetchOutcome;
import dev.crawler.common.messages.FetchTask;
import dev.crawler.common.messages.FetchedPage;
import dev.crawler.common.messages.IndexOp;
import dev.crawler.common.messages.IndexedCount;
import dev.crawler.common.messages.OutcomeKind;
import dev.crawler.common.messages.ParsedDocument;
import dev.crawler.common.messages.Scope;
import dev.crawler.common.messages.UrlCandidate;
import dev.crawler.common.messages.UrlSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JsonCodecTest {

  private static final Instant AT = Instant.parse("2026-11-25T10:15:30.123Z");

  static ParsedDocument document() {
    return new ParsedDocument(
        "c1",
        "https://example.com/a",
        "example.com",
        "Title",
        "Description",
        List.of("H1", "H2"),
        "Body text",
        "en",
        "https://example.com/a",
        200,
        AT,
        "abc123",
        -42L);
  }

  static Stream<CrawlMessage> messages() {
    return Stream.of(
        new CrawlJob(
            "c1",
            "docs",
            List.of("https://example.com/"),
            Scope.DOMAIN,
            List.of("^https://example\\.com/docs/"),
            List.of("\\.pdf$"),
            3,
            1000,
            100,
            500,
            2,
            60,
            CrawlState.RUNNING,
            AT,
            AT),
        new CrawlJob(
            "c2",
            "archived",
            List.of("https://example.com/"),
            Scope.HOST,
            List.of(),
            List.of(),
            3,
            1000,
            100,
            500,
            2,
            0,
            CrawlState.PAUSED,
            AT,
            AT,
            false,
            true),
        new UrlCandidate(
            "c1", "https://example.com/a", 2, UrlSource.LINK, "https://r/", "A", 5, null),
        new FetchTask(
            "t1", "c1", "https://example.com/a", 1, 2, AT, 750, "\"etag\"", "Tue, 1 Nov", 2, 3),
        new FetchTask("t2", "c2", "https://example.com/b", 0, 1, AT, 0, null, null, 1, 0, true),
        new FetchOutcome(
            "t1",
            "c1",
            "https://example.com/a",
            OutcomeKind.REDIRECTED,
            301,
            2000L,
            null,
            List.of("https://example.com/sitemap.xml"),
            "https://example.com/b",
            null,
            null,
            null,
            AT,
            12),
        new IndexedCount("c1", 17, AT),
        IndexOp.upsert(document()),
        IndexOp.delete("c1", "https://example.com/gone"));
  }

  @SuppressWarnings("unchecked")
  private static <T extends CrawlMessage> JsonCodec<T> codecFor(T message) {
    return JsonCodec.of((Class<T>) message.getClass());
  }

  @ParameterizedTest
  @MethodSource("messages")
  void everyMessageSurvivesARoundTrip(CrawlMessage message) {
    JsonCodec<CrawlMessage> codec = codecFor(message);

    CrawlMessage decoded = codec.decode(codec.encode(message));

    assertThat(decoded).isEqualTo(message);
  }

  @ParameterizedTest
  @MethodSource("messages")
  void everyMessageCarriesItsSchemaVersion(CrawlMessage message) {
    String json = new String(codecFor(message).encode(message), StandardCharsets.UTF_8);

    assertThat(json).contains("\"v\":1");
  }

  @Test
  void fetchedPageBodyRoundTripsByteForByte() {
    byte[] body = {(byte) 0xff, 0, 'a', (byte) 0x80};
    FetchedPage page =
        new FetchedPage(
            "c1",
            "https://e.com/",
            0,
            200,
            Map.of("etag", "x"),
            "text/html",
            "utf-8",
            body,
            true,
            AT);
    JsonCodec<FetchedPage> codec = JsonCodec.of(FetchedPage.class);

    FetchedPage decoded = codec.decode(codec.encode(page));

    assertThat(decoded.body()).containsExactly(body);
    assertThat(decoded.truncated()).isTrue();
    assertThat(decoded.header("etag")).isEqualTo("x");
  }

  @Test
  void unknownFieldsFromANewerProducerAreIgnored() {
    String json =
        """
        {"v":1,"crawlId":"c1","url":"https://e.com/","depth":0,"source":"SEED",
         "priority":0,"addedInAFutureRelease":{"nested":[1,2,3]}}
        """;

    UrlCandidate candidate =
        JsonCodec.of(UrlCandidate.class).decode(json.getBytes(StandardCharsets.UTF_8));

    assertThat(candidate.url()).isEqualTo("https://e.com/");
  }

  @Test
  void aNewerSchemaVersionIsRefusedRatherThanMisread() {
    String json = "{\"v\":2,\"crawlId\":\"c1\",\"url\":\"https://e.com/\",\"source\":\"SEED\"}";

    assertThatThrownBy(
            () -> JsonCodec.of(UrlCandidate.class).decode(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unsupported schema version");
  }

  @Test
  void aRecordViolatingItsInvariantsIsRefusedWithTheField() {
    String json = "{\"v\":1,\"crawlId\":\"c1\",\"url\":\"\",\"depth\":0,\"source\":\"SEED\"}";

    assertThatThrownBy(
            () -> JsonCodec.of(UrlCandidate.class).decode(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("url must not be blank");
  }

  @Test
  void garbageIsRefusedWithASerializationException() {
    JsonCodec<UrlCandidate> codec = JsonCodec.of(UrlCandidate.class);

    assertThatThrownBy(() -> codec.decode("not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class);
    assertThatThrownBy(() -> codec.decode("[1,2]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("must be a JSON object");
  }

  @Test
  void aPrimitiveFieldAnOlderProducerDidNotWriteReadsAsZero() {
    String json = "{\"crawlId\":\"c1\",\"url\":\"https://e.com/\",\"source\":\"SEED\"}";

    UrlCandidate candidate =
        JsonCodec.of(UrlCandidate.class).decode(json.getBytes(StandardCharsets.UTF_8));

    assertThat(candidate.depth()).isZero();
    assertThat(candidate.priority()).isZero();
  }

  @Test
  void aCrawlJobOfAnOlderReleaseWithoutWarcReadsAsKeepingNoWarc() {
    String json =
        """
        {"v":1,"id":"c1","name":"docs","seeds":["https://example.com/"],"scope":"HOST",
         "include":[],"exclude":[],"maxDepth":3,"maxPages":1000,"maxPagesPerHost":100,
         "minDelayMs":500,"maxConcurrencyPerHost":1,"recrawlIntervalMinutes":0,
         "state":"RUNNING","createdAt":"2026-11-25T10:15:30.123Z",
         "updatedAt":"2026-11-25T10:15:30.123Z"}
        """;

    CrawlJob job = JsonCodec.of(CrawlJob.class).decode(json.getBytes(StandardCharsets.UTF_8));

    assertThat(job.warc()).isFalse();
    assertThat(job.learnTraps()).isTrue();
    assertThat(job.withState(CrawlState.PAUSED, AT).warc()).isFalse();
  }

  @Test
  void aFetchTaskOfAnOlderFrontierWithoutWarcReadsAsKeepingNoWarc() {
    String json =
        """
        {"v":1,"taskId":"t1","crawlId":"c1","url":"https://example.com/a","depth":1,
         "attempt":1,"leaseDeadline":"2026-11-25T10:15:30.123Z","minDelayMs":500,
         "maxConcurrency":1,"hostEpoch":0}
        """;

    FetchTask task = JsonCodec.of(FetchTask.class).decode(json.getBytes(StandardCharsets.UTF_8));

    assertThat(task.warc()).isFalse();
    assertThat(task.url()).isEqualTo("https://example.com/a");
  }

  @Test
  void aCrawlJobKeepsItsWarcSettingThroughAStateChange() {
    CrawlJob job =
        new CrawlJob(
            "c1",
            "c1",
            List.of("https://example.com/"),
            Scope.HOST,
            List.of(),
            List.of(),
            1,
            1,
            1,
            0,
            1,
            0,
            CrawlState.RUNNING,
            AT,
            AT,
            null,
            true);

    assertThat(job.withState(CrawlState.CANCELLED, AT.plusSeconds(1)).warc()).isTrue();
  }

  @Test
  void theSerdeEncodesAndDecodesNullsAsTombstones() {
    JsonCodec<IndexedCount> codec = JsonCodec.of(IndexedCount.class);

    assertThat(codec.serializer().serialize("t", null)).isNull();
    assertThat(codec.deserializer().deserialize("t", null)).isNull();
  }
}
