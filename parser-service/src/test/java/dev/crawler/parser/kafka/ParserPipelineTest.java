package dev.crawler.parser.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crawler.common.kafka.DeadLetter;
import dev.crawler.common.kafka.FetchedPageCodec;
import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.kafka.Topics;
import dev.crawler.common.messages.FetchedPage;
import dev.crawler.common.messages.IndexOp;
import dev.crawler.common.messages.UrlCandidate;
import dev.crawler.common.messages.UrlSource;
import dev.crawler.testsupport.kafka.TestKafka;
import dev.crawler.testsupport.kafka.TopicTail;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The parser against a real broker: fetched pages in (and the JSON records of fetchers of earlier
 * releases), index operations and URL candidates out, poison records parked on the dead-letter
 * topic without stopping the consumer.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.config.name=parser",
      "crawler.kafka.partitions=3",
      "logging.level.dev.crawler.parser.kafka=DEBUG"
    })
@ExtendWith(OutputCaptureExtension.class)
class ParserPipelineTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private final JsonCodec<IndexOp> indexOps = JsonCodec.of(IndexOp.class);
  private final JsonCodec<UrlCandidate> candidates = JsonCodec.of(UrlCandidate.class);

  @Autowired MeterRegistry meters;

  @Value("${local.server.port}")
  int port;

  @DynamicPropertySource
  static void kafka(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
  }

  @Test
  void fetchedPagesOfThisAndEarlierReleasesBecomeIndexOpsAndCandidatesAndPoisonGoesToTheDlq()
      throws Exception {
    // given
    String crawl = "crawl-" + UUID.randomUUID();
    String html =
        "<html lang=en><head><title>Alpha home</title></head><body><main><p>Welcome to alpha"
            + " term-"
            + crawl
            + "</p><a href=\"/about\">About us</a>"
            + "<a href=\"http://Beta.test/x?utm_source=y\">Beta</a></main></body></html>";
    byte[] poison =
        ("{\"not\": \"a fetched page of " + crawl + "\"").getBytes(StandardCharsets.UTF_8);
    byte[] fromTheFuture = bytes("<title>From a newer fetcher</title>");
    Headers newerVersion = new RecordHeaders();
    FetchedPageCodec.encode(page(crawl, "http://alpha.test/future", 200, ""), newerVersion);
    newerVersion.remove("page.v");
    newerVersion.add("page.v", bytes("2"));

    // when
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      send(producer, page(crawl, "http://alpha.test/", 200, html));
      send(producer, page(crawl, "http://alpha.test/gone", 404, ""));
      send(producer, "http://alpha.test/poison", poison, new RecordHeaders());
      send(producer, page(crawl, "ftp://alpha.test/unparsable", 200, "<p>not ours</p>"));
      send(
          producer,
          "http://alpha.test/earlier-release",
          JsonCodec.of(FetchedPage.class)
              .encode(
                  page(
                      crawl,
                      "http://alpha.test/earlier-release",
                      200,
                      "<title>Old</title><p>written as JSON</p>")),
          new RecordHeaders());
      send(producer, "http://alpha.test/future", fromTheFuture, newerVersion);
      send(
          producer,
          page(crawl, "http://alpha.test/after", 200, "<title>After</title><p>still parsed</p>"));
    }

    // then
    try (TopicTail documents =
            TopicTail.fromBeginning(TestKafka.bootstrapServers(), Topics.DOCUMENTS);
        TopicTail urls = TopicTail.fromBeginning(TestKafka.bootstrapServers(), Topics.URLS);
        TopicTail dlq = TopicTail.fromBeginning(TestKafka.bootstrapServers(), Topics.DLQ)) {
      await()
          .atMost(PATIENCE)
          .untilAsserted(() -> {
            List<ConsumerRecord<byte[], byte[]>> ops = ofCrawl(documents.records(), crawl);
            assertThat(ops)
                .extracting(this::keyAndAction)
                .containsExactlyInAnyOrder(
                    "http://alpha.test/ UPSERT",
                    "http://alpha.test/gone DELETE",
                    "http://alpha.test/earlier-release UPSERT",
                    "http://alpha.test/after UPSERT");
          });
      IndexOp home =
          ofCrawl(documents.records(), crawl).stream()
              .map(record -> indexOps.decode(record.value()))
              .filter(op -> op.url().equals("http://alpha.test/"))
              .findFirst()
              .orElseThrow();
      assertThat(home.document().title()).isEqualTo("Alpha home");
      assertThat(home.document().text()).contains("term-" + crawl);
      assertThat(home.document().language()).isEqualTo("en");

      await()
          .atMost(PATIENCE)
          .untilAsserted(() ->
              assertThat(urls.records().stream().filter(r -> decodesToCrawl(r, crawl)))
                  .extracting(r -> key(r) + " " + candidates.decode(r.value()).url())
                  .containsExactlyInAnyOrder(
                      "alpha.test http://alpha.test/about", "beta.test http://beta.test/x"));
      UrlCandidate about =
          urls.records().stream()
              .filter(r -> decodesToCrawl(r, crawl))
              .map(r -> candidates.decode(r.value()))
              .filter(c -> c.url().endsWith("/about"))
              .findFirst()
              .orElseThrow();
      assertThat(about.referrerSimhash()).isNotNull();
      assertThat(about)
          .usingRecursiveComparison()
          .ignoringFields("referrerSimhash")
          .isEqualTo(
              new UrlCandidate(
                  crawl,
                  "http://alpha.test/about",
                  1,
                  UrlSource.LINK,
                  "http://alpha.test/",
                  "About us",
                  0,
                  null));

      await()
          .atMost(PATIENCE)
          .untilAsserted(() -> {
            ConsumerRecord<byte[], byte[]> dead =
                dlq.records().stream()
                    .filter(r -> Arrays.equals(r.value(), poison))
                    .findFirst()
                    .orElseThrow();
            assertThat(key(dead)).isEqualTo("http://alpha.test/poison");
            assertThat(header(dead, DeadLetter.HEADER_TOPIC)).isEqualTo(Topics.FETCHED);
            assertThat(header(dead, DeadLetter.HEADER_STAGE)).isEqualTo("parser");
            assertThat(header(dead, DeadLetter.HEADER_REASON)).contains("FetchedPage");
          });
      await()
          .atMost(PATIENCE)
          .untilAsserted(() ->
              assertThat(dlq.records())
                  .filteredOn(r -> key(r).equals("ftp://alpha.test/unparsable"))
                  .singleElement()
                  .satisfies(dead ->
                      assertThat(header(dead, DeadLetter.HEADER_REASON))
                          .contains("not a crawlable http(s) URL")));
      await()
          .atMost(PATIENCE)
          .untilAsserted(() ->
              assertThat(dlq.records())
                  .filteredOn(r -> key(r).equals("http://alpha.test/future"))
                  .singleElement()
                  .satisfies(dead -> {
                    assertThat(header(dead, DeadLetter.HEADER_REASON))
                        .contains("unsupported schema version page.v=2");
                    assertThat(dead.value()).isEqualTo(fromTheFuture);
                    assertThat(header(dead, "page.url")).isEqualTo("http://alpha.test/future");
                    assertThat(header(dead, "page.crawlId")).isEqualTo(crawl);
                  }));
    }
    assertThat(meters.get("crawler.parser.dead.letters").counter().count())
        .isGreaterThanOrEqualTo(3);
    assertThat(meters.get("crawler.parser.deletes").tag("kind", "gone").counter().count())
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void aLinkFoundOnPageAfterPageIsOfferedOnce() throws Exception {
    // given: two pages of one crawl that share a menu link
    String crawl = "crawl-" + UUID.randomUUID();
    String menu = "<nav><a href=\"/menu\">Menu</a></nav>";
    try (KafkaProducer<byte[], byte[]> producer = producer();
        TopicTail urls = TopicTail.fromBeginning(TestKafka.bootstrapServers(), Topics.URLS)) {
      // when: the first page's links are acknowledged before the second page arrives
      send(producer, page(crawl, "http://menu.test/a", 200, menu + "<a href=\"/a1\">A1</a>"));
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> assertThat(offeredUrls(urls, crawl)).contains("http://menu.test/a1"));
      send(producer, page(crawl, "http://menu.test/b", 200, menu + "<a href=\"/b1\">B1</a>"));

      // then: the menu link went to the frontier once, each page's own link once
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> assertThat(offeredUrls(urls, crawl)).contains("http://menu.test/b1"));
      assertThat(offeredUrls(urls, crawl))
          .containsExactlyInAnyOrder(
              "http://menu.test/menu", "http://menu.test/a1", "http://menu.test/b1");
    }
    assertThat(meters.get("crawler.parser.links.repeated").counter().count())
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void aPageIsParsedWithinItsTraceAndTheRecordsItYieldsContinueIt(CapturedOutput output)
      throws Exception {
    // given
    String crawl = "crawl-" + UUID.randomUUID();
    String url = "http://traced.test/";
    String traceId = "0af7651916cd43dd8448eb211c80319c";
    String fetched = "00-" + traceId + "-b7ad6b7169203331-00";
    FetchedPage page = page(crawl, url, 200, "<title>T</title><a href=\"/next\">next</a>");
    Headers headers = new RecordHeaders();
    headers.add("traceparent", bytes(fetched));
    byte[] body = FetchedPageCodec.encode(page, headers);

    // when
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      send(producer, url, body, headers);
    }

    // then
    try (TopicTail documents =
            TopicTail.fromBeginning(TestKafka.bootstrapServers(), Topics.DOCUMENTS);
        TopicTail urls = TopicTail.fromBeginning(TestKafka.bootstrapServers(), Topics.URLS)) {
      await()
          .atMost(PATIENCE)
          .untilAsserted(() -> {
            assertThat(ofCrawl(documents.records(), crawl))
                .singleElement()
                .satisfies(op -> assertContinues(op, fetched));
            assertThat(urls.records().stream().filter(r -> decodesToCrawl(r, crawl)))
                .singleElement()
                .satisfies(candidate -> assertContinues(candidate, fetched));
          });
    }
    assertThat(output)
        .containsPattern("(?m)^.*" + traceId + ".*event=page_parsed url=" + url + " kind=HTML.*$");
  }

  @Test
  void offsetsAreCommittedOnceTheOutputIsAcknowledged() throws Exception {
    // given
    String crawl = "crawl-" + UUID.randomUUID();
    RecordMetadata sent;

    // when
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      sent = send(producer, page(crawl, "http://gamma.test/", 200, "<title>Gamma</title>"));
    }

    // then
    TopicPartition partition = new TopicPartition(Topics.FETCHED, sent.partition());
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
      await()
          .atMost(PATIENCE)
          .untilAsserted(() -> {
            OffsetAndMetadata committed =
                admin
                    .listConsumerGroupOffsets("parser")
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .get(partition);
            assertThat(committed).isNotNull();
            assertThat(committed.offset()).isGreaterThan(sent.offset());
          });
    }
  }

  @Test
  void operatorMetricsAreScrapedInPrometheusFormat() throws Exception {
    // given
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest scrape =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
            .build();

    // then (the parser's meters exist from the start; the consumer's once it has polled)
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> {
          HttpResponse<String> response = http.send(scrape, HttpResponse.BodyHandlers.ofString());
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(response.body())
              .contains(
                  "crawler_parser_pages_total{kind=\"html\"}",
                  "crawler_parser_links_total{source=\"link\"}",
                  "crawler_parser_dead_letters_total",
                  "crawler_parser_deletes_total{kind=\"noindex\"}",
                  "crawler_parser_parse_seconds_bucket{le=",
                  "kafka_consumer_fetch_manager_records_lag_max");
        });
  }

  private static FetchedPage page(String crawl, String url, int status, String html) {
    return new FetchedPage(
        crawl,
        url,
        0,
        status,
        Map.of(),
        "text/html",
        "utf-8",
        html.getBytes(StandardCharsets.UTF_8),
        false,
        Instant.now());
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  /** Sends a page as the fetcher does, keyed by its URL. */
  private static RecordMetadata send(KafkaProducer<byte[], byte[]> producer, FetchedPage page)
      throws Exception {
    Headers headers = new RecordHeaders();
    byte[] body = FetchedPageCodec.encode(page, headers);
    return send(producer, page.url(), body, headers);
  }

  /** Sends to one partition, so the records after the poison one are behind it in the same log. */
  private static RecordMetadata send(
      KafkaProducer<byte[], byte[]> producer, String key, byte[] value, Headers headers)
      throws Exception {
    return producer.send(new ProducerRecord<>(Topics.FETCHED, 0, bytes(key), value, headers)).get();
  }

  private List<ConsumerRecord<byte[], byte[]>> ofCrawl(
      List<ConsumerRecord<byte[], byte[]>> records, String crawl) {
    return records.stream()
        .filter(r -> indexOps.decode(r.value()).crawlId().equals(crawl))
        .toList();
  }

  private List<String> offeredUrls(TopicTail urls, String crawl) {
    return urls.records().stream()
        .filter(r -> decodesToCrawl(r, crawl))
        .map(r -> candidates.decode(r.value()).url())
        .toList();
  }

  private boolean decodesToCrawl(ConsumerRecord<byte[], byte[]> record, String crawl) {
    return candidates.decode(record.value()).crawlId().equals(crawl);
  }

  private String keyAndAction(ConsumerRecord<byte[], byte[]> record) {
    return key(record) + " " + indexOps.decode(record.value()).action();
  }

  private static String key(ConsumerRecord<byte[], byte[]> record) {
    return new String(Objects.requireNonNull(record.key()), StandardCharsets.UTF_8);
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  /** Same trace as the consumed record, a span of the parser's own. */
  private static void assertContinues(ConsumerRecord<byte[], byte[]> record, String consumed) {
    String[] produced = header(record, "traceparent").split("-");
    assertThat(produced[1]).isEqualTo(consumed.split("-")[1]);
    assertThat(produced[2]).matches("[0-9a-f]{16}").isNotEqualTo(consumed.split("-")[2]);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
