package dev.crawler.testsupport.kafka;

import java.util.Map;

/**
 * Broker settings shared by every test broker, in-JVM, container or process: one node, quick to
 * start and to rebalance, small on disk.
 */
final class TestBrokerSettings {

  private TestBrokerSettings() {}

  /**
   * The settings. Topics are not auto-created: every service creates the topics it uses at
   * start-up, and a broker that invented them would hide a service that forgot to.
   */
  static Map<String, String> defaults() {
    return Map.ofEntries(
        Map.entry("auto.create.topics.enable", "false"),
        Map.entry("num.partitions", "1"),
        Map.entry("offsets.topic.replication.factor", "1"),
        Map.entry("offsets.topic.num.partitions", "10"),
        Map.entry("transaction.state.log.replication.factor", "1"),
        Map.entry("transaction.state.log.min.isr", "1"),
        Map.entry("transaction.state.log.num.partitions", "10"),
        Map.entry("share.coordinator.state.topic.replication.factor", "1"),
        Map.entry("share.coordinator.state.topic.min.isr", "1"),
        // Consumers of a group join one by one in tests; waiting for stragglers only slows them.
        Map.entry("group.initial.rebalance.delay.ms", "0"),
        // Kafka's minimum segment size, so compaction and retention tests see segments roll.
        Map.entry("log.segment.bytes", "1048576"),
        Map.entry("log.index.size.max.bytes", "1048576"));
  }
}
