package dev.crawler.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

  @Test
  void aDeadLetterKeepsTheOriginalBytesAndSaysWhereAndWhy() {
    byte[] key = "k".getBytes(StandardCharsets.UTF_8);
    byte[] value = {1, 2, 3};
    var source = new ConsumerRecord<>(Topics.FETCHED, 3, 42L, key, value);

    ProducerRecord<byte[], byte[]> letter =
        DeadLetter.of(Topics.DLQ, source, "parser", "bad charset");

    assertThat(letter.topic()).isEqualTo(Topics.DLQ);
    assertThat(letter.key()).isEqualTo(key);
    assertThat(letter.value()).isEqualTo(value);
    assertThat(header(letter, DeadLetter.HEADER_TOPIC)).isEqualTo(Topics.FETCHED);
    assertThat(header(letter, DeadLetter.HEADER_PARTITION)).isEqualTo("3");
    assertThat(header(letter, DeadLetter.HEADER_OFFSET)).isEqualTo("42");
    assertThat(header(letter, DeadLetter.HEADER_STAGE)).isEqualTo("parser");
    assertThat(header(letter, DeadLetter.HEADER_REASON)).isEqualTo("bad charset");
  }

  @Test
  void aDeadLetterKeepsTheOriginalHeadersSoItsTraceCanBeFound() {
    var source = new ConsumerRecord<byte[], byte[]>(Topics.DOCUMENTS, 0, 7L, null, new byte[0]);
    String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00";
    source.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
    source.headers().add(DeadLetter.HEADER_STAGE, "parser".getBytes(StandardCharsets.UTF_8));

    ProducerRecord<byte[], byte[]> letter =
        DeadLetter.of(Topics.DLQ, source, "indexer", "rejected");

    assertThat(header(letter, "traceparent")).isEqualTo(traceparent);
    assertThat(letter.headers().headers(DeadLetter.HEADER_STAGE)).hasSize(1);
    assertThat(header(letter, DeadLetter.HEADER_STAGE)).isEqualTo("indexer");
  }

  @Test
  void aLongReasonIsCutToAReadableLength() {
    var source = new ConsumerRecord<byte[], byte[]>(Topics.FETCHED, 0, 0L, null, new byte[0]);

    ProducerRecord<byte[], byte[]> letter =
        DeadLetter.of(Topics.DLQ, source, "parser", "x".repeat(10_000));

    assertThat(header(letter, DeadLetter.HEADER_REASON)).hasSize(1_000);
  }

  @Test
  void theReasonOfAnExceptionNamesItsRootCause() {
    var error = new IllegalStateException("outer", new ArithmeticException("inner"));

    assertThat(DeadLetter.reasonOf(error))
        .isEqualTo("IllegalStateException: outer (caused by ArithmeticException: inner)");
  }

  private static String header(ProducerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
