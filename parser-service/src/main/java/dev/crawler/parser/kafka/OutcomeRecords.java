package dev.crawler.parser.kafka;

import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.kafka.KafkaNames;
import dev.crawler.common.messages.IndexOp;
import dev.crawler.common.messages.ParsedDocument;
import dev.crawler.common.messages.UrlCandidate;
import dev.crawler.common.url.PolitenessKey;
import dev.crawler.parser.ParseOutcome;
import dev.crawler.parser.text.TextCaps;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The Kafka records of a parse outcome: the index operation on {@code crawl.documents} keyed by the
 * normalised URL, and the URL candidates on {@code crawl.urls} keyed by their politeness key, so
 * that the frontier task owning a host receives them. An upsert larger than the record cap has its
 * text shortened until it fits, because a record the broker refuses would stall the partition.
 * Public so that the parser's benchmarks encode outcomes exactly as the service does. Instances are
 * immutable and thread-safe.
 */
public final class OutcomeRecords {

  /** Shortening aims a little below the cap, so that one pass nearly always suffices. */
  private static final double SHORTENING_MARGIN = 0.95;

  private final JsonCodec<IndexOp> indexOps = JsonCodec.of(IndexOp.class);
  private final JsonCodec<UrlCandidate> candidates = JsonCodec.of(UrlCandidate.class);
  private final PolitenessKey politenessKey;
  private final KafkaNames names;
  private final int maxDocumentBytes;

  /**
   * @param politenessKey how candidates are keyed
   * @param names the install's topic names
   * @param maxDocumentBytes the largest encoded index operation
   */
  public OutcomeRecords(PolitenessKey politenessKey, KafkaNames names, int maxDocumentBytes) {
    this.politenessKey = politenessKey;
    this.names = names;
    this.maxDocumentBytes = maxDocumentBytes;
  }

  /**
   * The records to produce for an outcome.
   *
   * @throws IllegalArgumentException if the document does not fit the cap even without text
   */
  public List<ProducerRecord<byte[], byte[]>> of(ParseOutcome outcome) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(outcome.candidates().size() + 1);
    if (outcome.indexOp() != null) {
      IndexOp op = outcome.indexOp();
      records.add(new ProducerRecord<>(names.documents(), utf8(op.url()), fitted(op)));
    }
    for (UrlCandidate candidate : outcome.candidates()) {
      records.add(
          new ProducerRecord<>(
              names.urls(), utf8(politenessKey.of(candidate.url())), candidates.encode(candidate)));
    }
    return records;
  }

  private byte[] fitted(IndexOp op) {
    byte[] encoded = indexOps.encode(op);
    while (encoded.length > maxDocumentBytes) {
      ParsedDocument document = op.document();
      if (document == null || document.text().isEmpty()) {
        throw new IllegalArgumentException(
            "index operation of "
                + encoded.length
                + " bytes exceeds crawler.parser.limits.max-document-bytes even without text");
      }
      double ratio = SHORTENING_MARGIN * maxDocumentBytes / encoded.length;
      int length = (int) (document.text().length() * ratio);
      op = IndexOp.upsert(withText(document, TextCaps.cap(document.text(), length)));
      encoded = indexOps.encode(op);
    }
    return encoded;
  }

  private static ParsedDocument withText(ParsedDocument document, String text) {
    return new ParsedDocument(
        document.crawlId(),
        document.url(),
        document.host(),
        document.title(),
        document.description(),
        document.headings(),
        text,
        document.language(),
        document.canonical(),
        document.status(),
        document.fetchedAt(),
        document.contentHash(),
        document.simhash());
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
