package dev.crawler.frontier.scheduling;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the native memory of the frontier's RocksDB stores: every store of the JVM shares one
 * block cache (index and filter blocks included), and their memtables are charged to that cache
 * through one write buffer manager. Without it each store takes Kafka Streams' default 50 MiB cache
 * and up to three 16 MiB memtables, and an instance has seven stores per task and a task per
 * partition: gigabytes outside the heap, and a pod killed for its memory as the stores grow. This
 * is the bounded-memory configuration of the Kafka Streams documentation ("Memory management").
 */
public final class RocksDbMemoryBudget implements RocksDBConfigSetter {

  /** The Streams configuration entry with the budget in bytes (a {@link Long}). */
  static final String BUDGET_CONFIG = "crawler.frontier.state-store-memory-bytes";

  /** The share of the budget memtables may take before the manager forces flushes. */
  private static final double MEMTABLE_SHARE = 0.5;

  /** The share of the cache kept for index and filter blocks, so they are evicted last. */
  private static final double INDEX_AND_FILTER_SHARE = 0.1;

  /** One cache per budget, shared by every store (and every frontier instance) of the JVM. */
  private static final Map<Long, Shared> SHARED = new HashMap<>();

  private record Shared(Cache cache, WriteBufferManager writeBuffers) {}

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    Shared shared = shared(((Number) configs.get(BUDGET_CONFIG)).longValue());
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(shared.cache());
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setWriteBufferManager(shared.writeBuffers());
    options.setTableFormatConfig(table);
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and write buffer manager are shared by all stores and live as long as the JVM.
  }

  private static synchronized Shared shared(long budgetBytes) {
    return SHARED.computeIfAbsent(
        budgetBytes,
        budget -> {
          Cache cache = new LRUCache(budget, -1, false, INDEX_AND_FILTER_SHARE);
          return new Shared(cache, new WriteBufferManager((long) (budget * MEMTABLE_SHARE), cache));
        });
  }
}
