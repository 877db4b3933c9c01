package dev.crawler.frontier.scheduling;

import dev.crawler.common.kafka.JsonCodec;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/** The seen store: every URL a crawl has admitted, by {@code crawlId \0 fingerprint}. */
final class SeenUrls {

  private static final JsonCodec<UrlState> CODEC = JsonCodec.of(UrlState.class);

  private final KeyValueStore<Bytes, byte[]> store;

  SeenUrls(KeyValueStore<Bytes, byte[]> store) {
    this.store = store;
  }

  Optional<UrlState> get(String crawlId, String url) {
    byte[] value = store.get(StoreKeys.crawlUrl(crawlId, url));
    return value == null ? Optional.empty() : Optional.of(CODEC.decode(value));
  }

  /** Whether the crawl has admitted the URL, without decoding its state. */
  boolean contains(String crawlId, String url) {
    return store.get(StoreKeys.crawlUrl(crawlId, url)) != null;
  }

  void put(String crawlId, String url, UrlState state) {
    store.put(StoreKeys.crawlUrl(crawlId, url), CODEC.encode(state));
  }
}
