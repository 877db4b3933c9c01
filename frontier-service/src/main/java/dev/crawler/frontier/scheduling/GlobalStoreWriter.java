package dev.crawler.frontier.scheduling;

import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.messages.CrawlMessage;
import java.util.function.BiConsumer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a global store equal to its compacted topic: latest value per key, a tombstone deletes. A
 * record that does not decode is skipped with a warning (a global store cannot forward to the
 * dead-letter topic); the previous value of its key stays.
 *
 * @param <V> the message type of the topic
 */
final class GlobalStoreWriter<V extends CrawlMessage>
    implements Processor<String, byte[], Void, Void> {

  private static final Logger log = LoggerFactory.getLogger(GlobalStoreWriter.class);

  private final String storeName;
  private final JsonCodec<V> codec;
  private final BiConsumer<String, V> onChange;
  private KeyValueStore<String, V> store;

  /**
   * @param onChange told each key's new value (null when deleted) after the store has it
   */
  GlobalStoreWriter(String storeName, JsonCodec<V> codec, BiConsumer<String, V> onChange) {
    this.storeName = storeName;
    this.codec = codec;
    this.onChange = onChange;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.key() == null) {
      log.warn("event=global_record_skipped store={} reason=\"no key\"", storeName);
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
      onChange.accept(record.key(), null);
      return;
    }
    try {
      V value = codec.decode(record.value());
      store.put(record.key(), value);
      onChange.accept(record.key(), value);
    } catch (SerializationException e) {
      log.warn(
          "event=global_record_skipped store={} key={} reason=\"{}\"",
          storeName,
          record.key(),
          e.getMessage());
    }
  }
}
