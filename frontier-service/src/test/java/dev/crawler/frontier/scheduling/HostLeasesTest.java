package dev.crawler.frontier.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.messages.UrlSource;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HostLeasesTest {

  private static final String HOST = "example.org";
  private static final JsonCodec<HostState> STATES = JsonCodec.of(HostState.class);

  private KeyValueStore<String, byte[]> stateStore;
  private HostLeases leases;

  @BeforeEach
  void setUp() {
    MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    stateStore =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("states"), Serdes.String(), Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    stateStore.init(context.getStateStoreContext(), stateStore);
    KeyValueStore<Bytes, byte[]> leaseStore =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("leases"), Serdes.Bytes(), Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    leaseStore.init(context.getStateStoreContext(), leaseStore);
    leases = new HostLeases(leaseStore);
  }

  @Test
  void expiredLeasesAreTakenBackWithTheEarliestDeadlineLeft() {
    leases.add(HOST, "t1", lease("/a", 1_000));
    leases.add(HOST, "t2", lease("/b", 3_000));
    leases.add(HOST, "t3", lease("/c", 2_000));
    leases.add(HOST + ".other", "t4", lease("/d", 500));

    HostLeases.Expired expired = leases.takeExpired(HOST, 1_500);

    assertThat(expired.leases()).extracting(l -> l.url().url()).containsExactly(url("/a"));
    assertThat(expired.earliestDeadlineMs()).isEqualTo(2_000);
    assertThat(expired.left()).containsExactly(Map.entry("crawl-1", 2L));
    assertThat(leases.remove(HOST, "t1")).isEmpty();
    assertThat(leases.remove(HOST, "t2")).map(FetchLease::deadlineMs).contains(3_000L);
    assertThat(leases.remove(HOST + ".other", "t4")).isPresent();
  }

  @Test
  void stateCountsLeasesAndKeepsAnEarlyDeadlineUntilRecomputed() {
    HostState state = new HostState();
    FetchLease first = lease("/a", 1_000);
    state.lease(first, 10);
    state.lease(lease("/b", 2_000), 20);

    assertThat(state.leaseCount()).isEqualTo(2);
    assertThat(state.leasesOf("crawl-1")).isEqualTo(2);
    assertThat(state.leaseDeadlineMs()).isEqualTo(1_000);

    state.leaseEnded(first);
    assertThat(state.leaseDeadlineMs()).isEqualTo(1_000); // early, never late
    assertThat(state.mayHaveExpired(1_000)).isTrue();
    state.leasesLeft(Map.of("crawl-1", 1L), 2_000);
    assertThat(state.mayHaveExpired(1_000)).isFalse();
    assertThat(state.leaseCount()).isEqualTo(1);
  }

  @Test
  void countsThatDriftedFromTheStoreAreSetRightWhenExpiredLeasesAreTakenBack() {
    HostState state = new HostState();
    state.lease(lease("/lost", 1_000), 10); // counted, but never written to the store

    HostLeases.Expired expired = leases.takeExpired(HOST, 1_000);
    state.leasesLeft(expired.left(), expired.earliestDeadlineMs());

    assertThat(state.leaseCount()).isZero();
    assertThat(state.leaseDeadlineMs()).isZero();
  }

  @Test
  void leasesKeptInAHostStateByAnEarlierReleaseMoveToTheLeaseStore() {
    String legacy =
        "{\"v\":1,\"lastReleaseAtMs\":5,\"readyAtMs\":-1,\"queued\":{\"crawl-1\":3},"
            + "\"leases\":{\"task-9\":{\"url\":{\"crawlId\":\"crawl-1\",\"url\":\""
            + url("/old")
            + "\",\"depth\":1,\"source\":\"LINK\",\"rank\":0,\"attempt\":2},"
            + "\"deadlineMs\":7000}}}";
    stateStore.put(HOST, legacy.getBytes(StandardCharsets.UTF_8));

    HostStates states = new HostStates(stateStore, leases, 10);

    HostState state = states.get(HOST);
    assertThat(state.leasesOf("crawl-1")).isEqualTo(1);
    assertThat(state.leaseDeadlineMs()).isEqualTo(7_000);
    assertThat(state.queuedOf("crawl-1")).isEqualTo(3);
    assertThat(new String(stateStore.get(HOST), StandardCharsets.UTF_8))
        .doesNotContain("\"leases\"");
    assertThat(STATES.decode(stateStore.get(HOST)).leaseCount()).isEqualTo(1);
    assertThat(leases.remove(HOST, "task-9"))
        .hasValueSatisfying(lease -> {
          assertThat(lease.url().url()).isEqualTo(url("/old"));
          assertThat(lease.url().attempt()).isEqualTo(2);
          assertThat(lease.deadlineMs()).isEqualTo(7_000);
        });
  }

  private static FetchLease lease(String path, long deadlineMs) {
    return new FetchLease(new QueuedUrl("crawl-1", url(path), 1, UrlSource.LINK, 0, 1), deadlineMs);
  }

  private static String url(String path) {
    return "http://" + HOST + path;
  }
}
