package dev.crawler.frontier.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReadyHostsTest {

  private KeyValueStore<Bytes, byte[]> store;

  @BeforeEach
  void setUp() {
    store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("ready"), Serdes.Bytes(), Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    store.init(new MockProcessorContext<>().getStateStoreContext(), store);
  }

  @Test
  void findsEntriesRestoredBeforeTheTaskStarted() {
    new ReadyHosts(store).add(100, "restored.example");

    ReadyHosts afterRestart = new ReadyHosts(store);

    assertThat(afterRestart.due(100, 10))
        .containsExactly(new ReadyHosts.Entry(100, "restored.example"));
  }

  @Test
  void anEntryAddedEarlierThanTheLastScanSawIsDueOnTime() {
    ReadyHosts ready = new ReadyHosts(store);
    ready.add(100, "late.example");
    assertThat(ready.due(50, 10)).isEmpty();

    ready.add(60, "early.example");

    assertThat(ready.due(60, 10)).containsExactly(new ReadyHosts.Entry(60, "early.example"));
    ready.remove(60, "early.example"); // as a visit does first
    assertThat(ready.due(99, 10)).isEmpty();
    assertThat(ready.due(100, 10)).containsExactly(new ReadyHosts.Entry(100, "late.example"));
  }

  @Test
  void aScanCutByItsLimitLeavesTheRestDue() {
    ReadyHosts ready = new ReadyHosts(store);
    ready.add(10, "a.example");
    ready.add(20, "b.example");

    assertThat(ready.due(30, 1)).containsExactly(new ReadyHosts.Entry(10, "a.example"));
    ready.remove(10, "a.example");

    assertThat(ready.due(30, 1)).containsExactly(new ReadyHosts.Entry(20, "b.example"));
  }
}
