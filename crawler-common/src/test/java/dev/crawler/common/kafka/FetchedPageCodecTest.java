package dev.crawler.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crawler.common.messages.FetchedPage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class FetchedPageCodecTest {

  private static final Instant AT = Instant.parse("2026-11-25T10:15:30.123456789Z");

  @Test
  void everyFieldSurvivesARoundTripAndTheBodyIsNeverCopied() {
    // given
    Map<String, String> httpHeaders = new LinkedHashMap<>();
    httpHeaders.put("content-type", "text/html; charset=utf-8");
    httpHeaders.put("content-language", "ja, zh-Hant");
    httpHeaders.put("etag", "\"größe-日本-🙂\"");
    httpHeaders.put("x-robots-tag", "googlebot: noindex");
    FetchedPage page =
        new FetchedPage(
            "crawl-1",
            "https://例え.jp/ページ?q=ü",
            3,
            203,
            httpHeaders,
            "text/html",
            "utf-8",
            "<p>こんにちは</p>".getBytes(StandardCharsets.UTF_8),
            true,
            AT);
    Headers headers = new RecordHeaders();

    // when
    byte[] value = FetchedPageCodec.encode(page, headers);
    FetchedPage decoded = FetchedPageCodec.decode(headers, value);

    // then
    assertThat(decoded).usingRecursiveComparison().isEqualTo(page);
    assertThat(value).isSameAs(page.body());
    assertThat(decoded.body()).isSameAs(value);
  }

  @Test
  void anEmptyBodyAndAbsentMediaTypeAndCharsetRoundTrip() {
    FetchedPage gone =
        new FetchedPage("c1", "https://e.com/gone", 0, 404, Map.of(), null, null, null, false, AT);
    Headers headers = new RecordHeaders();

    byte[] value = FetchedPageCodec.encode(gone, headers);
    FetchedPage decoded = FetchedPageCodec.decode(headers, value);

    assertThat(value).isEmpty();
    assertThat(decoded).usingRecursiveComparison().isEqualTo(gone);
    assertThat(decoded.contentType()).isNull();
    assertThat(decoded.charset()).isNull();
  }

  @Test
  void aBodyAtTheLargestCapRoundTripsByteForByte() {
    byte[] body = new byte[11 * 1024 * 1024];
    new Random(16).nextBytes(body);
    FetchedPage page =
        new FetchedPage(
            "c1", "https://e.com/big", 1, 200, Map.of(), "text/html", null, body, true, AT);
    Headers headers = new RecordHeaders();

    FetchedPage decoded = FetchedPageCodec.decode(headers, FetchedPageCodec.encode(page, headers));

    assertThat(decoded.body()).isEqualTo(body);
    assertThat(decoded.truncated()).isTrue();
  }

  @Test
  void theFieldsAreTextHeadersThatKafkaToolsShowAsTheyAre() {
    FetchedPage page =
        new FetchedPage(
            "c1",
            "https://e.com/a",
            2,
            200,
            Map.of("etag", "\"x\""),
            "text/html",
            "utf-8",
            new byte[] {1},
            false,
            AT);
    Headers headers = new RecordHeaders();

    FetchedPageCodec.encode(page, headers);

    assertThat(header(headers, "page.v")).isEqualTo("1");
    assertThat(header(headers, "page.crawlId")).isEqualTo("c1");
    assertThat(header(headers, "page.url")).isEqualTo("https://e.com/a");
    assertThat(header(headers, "page.depth")).isEqualTo("2");
    assertThat(header(headers, "page.status")).isEqualTo("200");
    assertThat(header(headers, "page.contentType")).isEqualTo("text/html");
    assertThat(header(headers, "page.charset")).isEqualTo("utf-8");
    assertThat(header(headers, "page.truncated")).isEqualTo("false");
    assertThat(header(headers, "page.fetchedAt")).isEqualTo("2026-11-25T10:15:30.123456789Z");
    assertThat(header(headers, "page.header.etag")).isEqualTo("\"x\"");
  }

  @Test
  void aJsonRecordOfAnEarlierReleaseIsStillRead() {
    // given: a record as fetchers wrote them before this encoding, the body in base64, no headers
    String json =
        """
        {"crawlId":"c1","url":"https://e.com/old","depth":1,"status":200,
         "headers":{"etag":"\\"e\\""},"contentType":"text/html","charset":"utf-8",
         "body":"PHA+b2xkPC9wPg==","truncated":false,"fetchedAt":"2026-11-25T10:15:30.123Z",
         "v":1}
        """;
    Headers headers = new RecordHeaders();
    headers.add("traceparent", bytes("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"));

    // when
    FetchedPage page = FetchedPageCodec.decode(headers, bytes(json));

    // then
    assertThat(page.url()).isEqualTo("https://e.com/old");
    assertThat(page.depth()).isEqualTo(1);
    assertThat(page.header("etag")).isEqualTo("\"e\"");
    assertThat(new String(page.body(), StandardCharsets.UTF_8)).isEqualTo("<p>old</p>");
    assertThat(page.fetchedAt()).isEqualTo(Instant.parse("2026-11-25T10:15:30.123Z"));
  }

  @Test
  void aNewerSchemaVersionIsRefusedRatherThanMisread() {
    Headers headers = new RecordHeaders();
    byte[] value = FetchedPageCodec.encode(page(), headers);
    headers.remove("page.v");
    headers.add("page.v", bytes("2"));

    assertThatThrownBy(() -> FetchedPageCodec.decode(headers, value))
        .isInstanceOf(SerializationException.class)
        .hasMessage("unsupported schema version page.v=2 for FetchedPage");
  }

  @Test
  void aJsonRecordOfANewerSchemaVersionIsRefusedToo() {
    String json = "{\"v\":2,\"crawlId\":\"c1\",\"url\":\"https://e.com/\"}";

    assertThatThrownBy(() -> FetchedPageCodec.decode(new RecordHeaders(), bytes(json)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unsupported schema version");
  }

  @Test
  void headersANewerReleaseAddsAreIgnored() {
    Headers headers = new RecordHeaders();
    byte[] value = FetchedPageCodec.encode(page(), headers);
    headers.add("page.addedInAFutureRelease", bytes("anything"));

    assertThat(FetchedPageCodec.decode(headers, value).url()).isEqualTo("https://e.com/a");
  }

  @Test
  void aMissingOrMalformedFieldIsRefusedNamingItsHeader() {
    Headers withoutUrl = new RecordHeaders();
    byte[] value = FetchedPageCodec.encode(page(), withoutUrl);
    withoutUrl.remove("page.url");
    Headers badStatus = new RecordHeaders();
    FetchedPageCodec.encode(page(), badStatus);
    badStatus.remove("page.status");
    badStatus.add("page.status", bytes("OK"));
    Headers badTime = new RecordHeaders();
    FetchedPageCodec.encode(page(), badTime);
    badTime.remove("page.fetchedAt");
    badTime.add("page.fetchedAt", bytes("yesterday"));

    assertThatThrownBy(() -> FetchedPageCodec.decode(withoutUrl, value))
        .isInstanceOf(SerializationException.class)
        .hasMessage("invalid FetchedPage: no header page.url");
    assertThatThrownBy(() -> FetchedPageCodec.decode(badStatus, value))
        .isInstanceOf(SerializationException.class)
        .hasMessage("invalid FetchedPage: page.status must be a decimal number, was OK");
    assertThatThrownBy(() -> FetchedPageCodec.decode(badTime, value))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("invalid FetchedPage: Text 'yesterday' could not be parsed");
  }

  @Test
  void aFieldViolatingThePagesInvariantsIsRefusedWithTheField() {
    Headers headers = new RecordHeaders();
    byte[] value = FetchedPageCodec.encode(page(), headers);
    headers.remove("page.depth");
    headers.add("page.depth", bytes("-1"));

    assertThatThrownBy(() -> FetchedPageCodec.decode(headers, value))
        .isInstanceOf(SerializationException.class)
        .hasMessage("invalid FetchedPage: depth must not be negative, was -1");
  }

  private static FetchedPage page() {
    return new FetchedPage(
        "c1",
        "https://e.com/a",
        0,
        200,
        Map.of(),
        "text/html",
        "utf-8",
        bytes("<p>a</p>"),
        false,
        AT);
  }

  private static String header(Headers headers, String key) {
    return new String(headers.lastHeader(key).value(), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
