package dev.crawler.frontier.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.common.kafka.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrawlCountersTest {

  @Test
  void keepsEveryCounterThroughTheCompactStoreForm() {
    CrawlCounters counters = new CrawlCounters();
    counters.received(true, 1_700_000_000_123L);
    counters.received(false, 1_700_000_000_456L);
    counters.admitted();
    counters.admitted();
    counters.duplicateOne();
    counters.filteredOne();
    counters.released(1_700_000_000_789L);
    counters.fetchedOne();
    counters.failedOne();
    counters.robotsDeniedOne();

    CrawlCounters read = CrawlCounters.fromBytes(counters.toBytes());

    assertThat(read).usingRecursiveComparison().isEqualTo(counters);
    assertThat(read.lastActivityAtMs()).isEqualTo(1_700_000_000_789L);
    assertThat(read.inFlight()).isOne();
    assertThat(read.queued()).isOne();
  }

  @Test
  void readsTheJsonFormThatStoresHeldBefore() {
    CrawlCounters counters = new CrawlCounters();
    counters.received(true, 42L);
    counters.admitted();

    byte[] json = JsonCodec.of(CrawlCounters.class).encode(counters);

    assertThat(CrawlCounters.fromBytes(json)).usingRecursiveComparison().isEqualTo(counters);
  }

  @Test
  void aProgressRecordCarriesItsHostSummaryAndOneWithoutItReadsAsNoHosts() {
    JsonCodec<CrawlCounters> codec = JsonCodec.of(CrawlCounters.class);
    CrawlCounters counters = new CrawlCounters();
    counters.admitted();
    HostLoad host = new HostLoad("alpha.test", 1, 0, 2, 1_700_000_000_000L, 3);

    CrawlCounters published = codec.decode(codec.encode(counters.withHosts(List.of(host))));
    CrawlCounters older =
        codec.decode("{\"discovered\":1,\"queued\":1}".getBytes(StandardCharsets.UTF_8));

    assertThat(published.hosts()).containsExactly(host);
    assertThat(published.queued()).isOne();
    assertThat(older.hosts()).isEmpty();
    assertThat(older.queued()).isOne();
  }

  @Test
  void aHostOfAnOlderReleasesSummaryReadsAsHavingNoFailedUrls() {
    String json =
        """
        {"queued":1,"hosts":[{"host":"alpha.test","queued":1,"inFlight":0,"errorLevel":2,
          "backoffUntilMs":1700000000000}]}
        """;

    CrawlCounters older =
        JsonCodec.of(CrawlCounters.class).decode(json.getBytes(StandardCharsets.UTF_8));

    assertThat(older.hosts())
        .containsExactly(new HostLoad("alpha.test", 1, 0, 2, 1_700_000_000_000L, 0));
  }

  @Test
  void aHostStateOfAnOlderReleaseReadsAsHavingNoFailedUrls() {
    String json = "{\"errorLevel\":1,\"queued\":{\"c1\":2},\"admitted\":{\"c1\":2}}";

    HostState state = JsonCodec.of(HostState.class).decode(json.getBytes(StandardCharsets.UTF_8));

    assertThat(state.failedOf("c1")).isZero();
    assertThat(state.queuedOf("c1")).isEqualTo(2);
    state.countFailed("c1");
    assertThat(state.failedOf("c1")).isOne();
  }
}
