package dev.crawler.common.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A record no stage could process, for {@link Topics#DLQ} (the install's {@link KafkaNames#dlq()}):
 * the original key and value bytes untouched, and where they came from and why they failed in
 * headers, so a person can inspect and replay them. The original headers are kept too: the URL's
 * trace context, so a dead letter can be found by the trace id in the logs, and a fetched page's
 * fields ({@link FetchedPageCodec}), so a dead letter of {@link Topics#FETCHED} holds the whole
 * page.
 */
public final class DeadLetter {

  private static final String HEADER_PREFIX = "dlq.";
  public static final String HEADER_TOPIC = HEADER_PREFIX + "topic";
  public static final String HEADER_PARTITION = HEADER_PREFIX + "partition";
  public static final String HEADER_OFFSET = HEADER_PREFIX + "offset";
  public static final String HEADER_STAGE = HEADER_PREFIX + "stage";
  public static final String HEADER_REASON = HEADER_PREFIX + "reason";

  /** Reasons are for people; a stack trace belongs in the log. */
  private static final int MAX_REASON_LENGTH = 1_000;

  private DeadLetter() {}

  /**
   * The dead-letter record of a consumed record.
   *
   * @param topic the dead-letter topic ({@link KafkaNames#dlq()})
   * @param source the record that failed
   * @param stage the service that gave up (for example {@code parser})
   * @param reason why, in a sentence
   */
  public static ProducerRecord<byte[], byte[]> of(
      String topic, ConsumerRecord<byte[], byte[]> source, String stage, String reason) {
    Headers headers = new RecordHeaders();
    for (Header header : source.headers()) {
      // A letter replayed and dead-lettered again gets fresh dlq.* headers, not a second set.
      if (!header.key().startsWith(HEADER_PREFIX)) {
        headers.add(header);
      }
    }
    headers.add(HEADER_TOPIC, utf8(source.topic()));
    headers.add(HEADER_PARTITION, utf8(Integer.toString(source.partition())));
    headers.add(HEADER_OFFSET, utf8(Long.toString(source.offset())));
    headers.add(HEADER_STAGE, utf8(stage));
    headers.add(HEADER_REASON, utf8(truncate(reason)));
    return new ProducerRecord<>(topic, null, source.key(), source.value(), headers);
  }

  /** A short reason for an exception: its type and message, and its root cause's. */
  public static String reasonOf(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String reason = error.getClass().getSimpleName() + ": " + error.getMessage();
    return root == error
        ? reason
        : reason
            + " (caused by "
            + root.getClass().getSimpleName()
            + ": "
            + root.getMessage()
            + ")";
  }

  private static String truncate(String reason) {
    String text = reason == null ? "unknown" : reason;
    return text.length() <= MAX_REASON_LENGTH ? text : text.substring(0, MAX_REASON_LENGTH);
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
