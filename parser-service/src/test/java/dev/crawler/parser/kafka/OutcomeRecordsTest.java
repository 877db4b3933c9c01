package dev.crawler.parser.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.kafka.KafkaNames;
import dev.crawler.common.kafka.Topics;
import dev.crawler.common.messages.IndexOp;
import dev.crawler.common.messages.ParsedDocument;
import dev.crawler.common.messages.UrlCandidate;
import dev.crawler.common.messages.UrlSource;
import dev.crawler.common.url.PolitenessKey;
import dev.crawler.parser.ParseOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class OutcomeRecordsTest {

  private static final int MAX_BYTES = 20_000;

  @Test
  void theIndexOpIsKeyedByUrlAndCandidatesByPolitenessKey() {
    OutcomeRecords records =
        new OutcomeRecords(PolitenessKey.REGISTERED_DOMAIN, KafkaNames.NONE, MAX_BYTES);
    ParseOutcome outcome =
        new ParseOutcome(
            ParseOutcome.Kind.HTML,
            IndexOp.upsert(document("short text")),
            List.of(
                new UrlCandidate(
                    "c1",
                    "https://www.b.example.co.uk/x",
                    1,
                    UrlSource.LINK,
                    null,
                    null,
                    0,
                    null)));

    List<ProducerRecord<byte[], byte[]>> produced = records.of(outcome);

    assertThat(produced)
        .extracting(ProducerRecord::topic)
        .containsExactly(Topics.DOCUMENTS, Topics.URLS);
    assertThat(key(produced.get(0))).isEqualTo("https://a.test/page");
    assertThat(key(produced.get(1))).isEqualTo("example.co.uk");
    assertThat(JsonCodec.of(UrlCandidate.class).decode(produced.get(1).value()).url())
        .isEqualTo("https://www.b.example.co.uk/x");
  }

  @Test
  void anOversizedDocumentHasItsTextShortenedToFit() {
    OutcomeRecords records = new OutcomeRecords(PolitenessKey.HOST, KafkaNames.NONE, MAX_BYTES);
    String text = "\u6771\u4eac ".repeat(30_000);
    ParseOutcome outcome =
        new ParseOutcome(ParseOutcome.Kind.HTML, IndexOp.upsert(document(text)), List.of());

    byte[] value = records.of(outcome).getFirst().value();

    assertThat(value.length).isLessThanOrEqualTo(MAX_BYTES);
    ParsedDocument fitted = JsonCodec.of(IndexOp.class).decode(value).document();
    assertThat(fitted.text()).isNotEmpty();
    assertThat(text).startsWith(fitted.text());
  }

  @Test
  void aDocumentThatCannotFitEvenWithoutTextIsRefused() {
    OutcomeRecords records = new OutcomeRecords(PolitenessKey.HOST, KafkaNames.NONE, 300);
    ParsedDocument document =
        new ParsedDocument(
            "c1",
            "https://a.test/page",
            "a.test",
            "t".repeat(400),
            "",
            List.of(),
            "text",
            null,
            null,
            200,
            Instant.EPOCH,
            "h",
            0);

    assertThatThrownBy(() ->
            records.of(
                new ParseOutcome(ParseOutcome.Kind.HTML, IndexOp.upsert(document), List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max-document-bytes");
  }

  private static ParsedDocument document(String text) {
    return new ParsedDocument(
        "c1",
        "https://a.test/page",
        "a.test",
        "Title",
        "",
        List.of(),
        text,
        null,
        null,
        200,
        Instant.EPOCH,
        "hash",
        1L);
  }

  private static String key(ProducerRecord<byte[], byte[]> record) {
    return new String(record.key(), StandardCharsets.UTF_8);
  }
}
