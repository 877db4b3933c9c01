package dev.crawler.benchmarks.jmh;

import dev.crawler.common.kafka.FetchedPageCodec;
import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.kafka.Topics;
import dev.crawler.common.messages.FetchedPage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The 50 KB article as a record of {@code crawl.fetched}, in the JSON of earlier releases (the body
 * in base64) against {@link FetchedPageCodec} (the body as the value, the other fields in headers).
 * One operation is one page.
 *
 * <p>{@code encode*} is what the fetcher does per page, {@code decode*} what the parser does. A
 * codec that moves fields into headers moves work into Kafka's clients, which write and read the
 * headers; {@code *ThroughRecordBatch} therefore adds that work: encode, append the record to a
 * batch as the producer does (with the fetcher producer's compression, {@code compression}; a page
 * is larger than the producer's default 16 KB batch, so it is a batch of its own), read the record
 * back from the batch as the consumer does (the value copied out as {@link ByteArrayDeserializer}
 * does, the headers wrapped), and decode. What is left out is the network and the broker, which
 * stores the batch as it came (and, for a compressed batch, decompresses it once to validate it).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class FetchedPageRecordBenchmark {

  private static final JsonCodec<FetchedPage> JSON = JsonCodec.of(FetchedPage.class);

  private FetchedPage article;
  private byte[] key;
  private byte[] json;
  private final Headers headers = new RecordHeaders();
  private byte[] value;

  @Setup
  public void setUp() {
    article = BenchmarkPages.article();
    key = article.url().getBytes(StandardCharsets.UTF_8);
    json = JSON.encode(article);
    value = FetchedPageCodec.encode(article, headers);
  }

  /** A batch buffer per thread, and the compression of its batches. */
  @State(Scope.Thread)
  public static class RecordBatch {

    @Param({"none", "lz4", "zstd"})
    String compression;

    private Compression codec;
    private final ByteBuffer buffer = ByteBuffer.allocate(Topics.MAX_FETCHED_RECORD_BYTES);
    private final ByteArrayDeserializer bytes = new ByteArrayDeserializer();

    @Setup
    public void setUp() {
      codec = Compression.of(CompressionType.forName(compression)).build();
    }

    /** The record written to a batch of its own and read back. */
    Record roundTrip(byte[] key, byte[] value, Headers headers) {
      buffer.clear();
      MemoryRecordsBuilder builder =
          MemoryRecords.builder(buffer, codec, TimestampType.CREATE_TIME, 0L);
      builder.append(0L, key, value, headers.toArray());
      return builder.build().records().iterator().next();
    }

    byte[] value(Record record) {
      return bytes.deserialize(Topics.FETCHED, null, record.value());
    }
  }

  /** The fetcher's part, JSON: the page to the record value. */
  @Benchmark
  public byte[] encodeJson() {
    return JSON.encode(article);
  }

  /** The parser's part, JSON: the record value to the page. */
  @Benchmark
  public FetchedPage decodeJson() {
    return JSON.decode(json);
  }

  /** The fetcher's part, binary: the page to headers and the record value. */
  @Benchmark
  public Headers encodeBinary() {
    Headers written = new RecordHeaders();
    FetchedPageCodec.encode(article, written);
    return written;
  }

  /** The parser's part, binary: headers and record value to the page. */
  @Benchmark
  public FetchedPage decodeBinary() {
    return FetchedPageCodec.decode(headers, value);
  }

  /** JSON from the page through a record batch back to the page. */
  @Benchmark
  public FetchedPage jsonThroughRecordBatch(RecordBatch batch) {
    Record record = batch.roundTrip(key, JSON.encode(article), new RecordHeaders());
    return JSON.decode(batch.value(record));
  }

  /** Binary from the page through a record batch back to the page. */
  @Benchmark
  public FetchedPage binaryThroughRecordBatch(RecordBatch batch) {
    Headers written = new RecordHeaders();
    byte[] body = FetchedPageCodec.encode(article, written);
    Record record = batch.roundTrip(key, body, written);
    return FetchedPageCodec.decode(new RecordHeaders(record.headers()), batch.value(record));
  }
}
