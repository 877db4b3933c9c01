package dev.crawler.common.kafka;

import dev.crawler.common.messages.CrawlMessage;
import dev.crawler.common.messages.FetchedPage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The encoding of a {@link FetchedPage} on {@link Topics#FETCHED}: the record value is the body,
 * byte for byte, and every other field is a record header whose value is UTF-8 text.
 *
 * <table>
 *   <caption>Headers of a crawl.fetched record</caption>
 *   <tr><th>header</th><th>value</th></tr>
 *   <tr><td>{@code page.v}</td><td>the schema version, {@code 1}</td></tr>
 *   <tr><td>{@code page.crawlId}, {@code page.url}</td><td>as in the message</td></tr>
 *   <tr><td>{@code page.depth}, {@code page.status}</td><td>decimal</td></tr>
 *   <tr><td>{@code page.contentType}, {@code page.charset}</td><td>absent when null</td></tr>
 *   <tr><td>{@code page.truncated}</td><td>{@code true} or {@code false}</td></tr>
 *   <tr><td>{@code page.fetchedAt}</td><td>ISO-8601, as {@link Instant#toString()}</td></tr>
 *   <tr><td>{@code page.header.NAME}</td><td>one per selected response header</td></tr>
 * </table>
 *
 * <p>Neither side touches the body: the producer hands Kafka the page's own array, and the parser
 * gets the array the consumer read, where JSON cost a base64 pass each way and a third more bytes.
 * Kafka tools show the fields as they are ({@code kafka-console-consumer.sh --property
 * print.headers=true}), and a dead letter keeps them, since {@link DeadLetter} keeps the headers.
 *
 * <p>A record with a {@code page.v} header is read as above; a newer version than this release
 * knows is refused, and unknown headers are ignored, as unknown JSON fields are. A record without
 * it was written by a fetcher of an earlier release, as JSON with the body in base64, and is read
 * by {@link JsonCodec}, so pages left on the topic during an upgrade are still parsed.
 */
public final class FetchedPageCodec {

  private static final String PREFIX = "page.";
  private static final String VERSION = PREFIX + "v";
  private static final String CRAWL_ID = PREFIX + "crawlId";
  private static final String URL = PREFIX + "url";
  private static final String DEPTH = PREFIX + "depth";
  private static final String STATUS = PREFIX + "status";
  private static final String CONTENT_TYPE = PREFIX + "contentType";
  private static final String CHARSET = PREFIX + "charset";
  private static final String TRUNCATED = PREFIX + "truncated";
  private static final String FETCHED_AT = PREFIX + "fetchedAt";
  private static final String HTTP_HEADER = PREFIX + "header.";

  private static final JsonCodec<FetchedPage> JSON_OF_EARLIER_RELEASES =
      JsonCodec.of(FetchedPage.class);

  private FetchedPageCodec() {}

  /**
   * Adds a page's fields to a record's headers and returns the record's value.
   *
   * @param page the page
   * @param headers the headers of the record being built
   * @return the page's body itself, not a copy
   */
  public static byte[] encode(FetchedPage page, Headers headers) {
    add(headers, VERSION, Integer.toString(page.schemaVersion()));
    add(headers, CRAWL_ID, page.crawlId());
    add(headers, URL, page.url());
    add(headers, DEPTH, Integer.toString(page.depth()));
    add(headers, STATUS, Integer.toString(page.status()));
    if (page.contentType() != null) {
      add(headers, CONTENT_TYPE, page.contentType());
    }
    if (page.charset() != null) {
      add(headers, CHARSET, page.charset());
    }
    add(headers, TRUNCATED, Boolean.toString(page.truncated()));
    add(headers, FETCHED_AT, page.fetchedAt().toString());
    page.headers().forEach((name, value) -> add(headers, HTTP_HEADER + name, value));
    return page.body();
  }

  /**
   * A page from a record of {@link Topics#FETCHED}, of this release or an earlier one.
   *
   * @param headers the record's headers
   * @param value the record's value, which becomes the page's body without a copy
   * @throws SerializationException if the record is not a valid page or carries a schema version
   *     this release does not know
   */
  public static FetchedPage decode(Headers headers, byte[] value) {
    Header version = headers.lastHeader(VERSION);
    if (version == null) {
      return JSON_OF_EARLIER_RELEASES.decode(value);
    }
    requireKnownVersion(text(version));
    Map<String, String> httpHeaders = new LinkedHashMap<>();
    for (Header header : headers) {
      if (header.key().startsWith(HTTP_HEADER)) {
        httpHeaders.put(header.key().substring(HTTP_HEADER.length()), text(header));
      }
    }
    try {
      return new FetchedPage(
          required(headers, CRAWL_ID),
          required(headers, URL),
          number(headers, DEPTH),
          number(headers, STATUS),
          httpHeaders,
          optional(headers, CONTENT_TYPE),
          optional(headers, CHARSET),
          value,
          Boolean.parseBoolean(required(headers, TRUNCATED)),
          Instant.parse(required(headers, FETCHED_AT)));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new SerializationException("invalid FetchedPage: " + e.getMessage(), e);
    }
  }

  private static void requireKnownVersion(String version) {
    try {
      if (Integer.parseInt(version) <= CrawlMessage.SCHEMA_VERSION) {
        return;
      }
    } catch (NumberFormatException e) {
      // refused below, with the version as written
    }
    throw new SerializationException(
        "unsupported schema version " + VERSION + "=" + version + " for FetchedPage");
  }

  private static int number(Headers headers, String key) {
    String text = required(headers, key);
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new SerializationException(
          "invalid FetchedPage: " + key + " must be a decimal number, was " + text, e);
    }
  }

  private static String required(Headers headers, String key) {
    String text = optional(headers, key);
    if (text == null) {
      throw new SerializationException("invalid FetchedPage: no header " + key);
    }
    return text;
  }

  private static String optional(Headers headers, String key) {
    Header header = headers.lastHeader(key);
    return header == null ? null : text(header);
  }

  private static String text(Header header) {
    if (header.value() == null) {
      throw new SerializationException("invalid FetchedPage: header " + header.key() + " is null");
    }
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  private static void add(Headers headers, String key, String value) {
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
