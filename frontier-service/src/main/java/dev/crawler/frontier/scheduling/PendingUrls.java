package dev.crawler.frontier.scheduling;

import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.messages.CrawlMessage;
import dev.crawler.common.messages.UrlCandidate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Candidates whose crawl record has not reached this instance yet. The API writes a crawl to {@code
 * crawl.jobs} before its seeds to {@code crawl.urls}, but the global-store thread and the stream
 * thread read independently, so a seed can overtake its crawl; it waits here (keyed by crawl and
 * URL, so repeats collapse) until the crawl is known or a grace period ends.
 */
final class PendingUrls {

  /**
   * A waiting candidate.
   *
   * @param candidate the candidate as received
   * @param receivedAtMs when it arrived (epoch ms)
   */
  record PendingUrl(UrlCandidate candidate, long receivedAtMs) implements CrawlMessage {}

  private static final JsonCodec<PendingUrl> CODEC = JsonCodec.of(PendingUrl.class);

  private final KeyValueStore<Bytes, byte[]> store;

  /**
   * Whether the store may hold candidates: true until a review finds it empty, and again once one
   * is added, so an idle task's punctuation costs no scan.
   */
  private boolean mayHoldAny = true;

  PendingUrls(KeyValueStore<Bytes, byte[]> store) {
    this.store = store;
  }

  void add(UrlCandidate candidate, long receivedAtMs) {
    store.putIfAbsent(
        StoreKeys.crawlUrl(candidate.crawlId(), candidate.url()),
        CODEC.encode(new PendingUrl(candidate, receivedAtMs)));
    mayHoldAny = true;
  }

  /**
   * Offers up to {@code limit} waiting candidates to {@code settle}; those it settles (admitted or
   * given up) leave the store, the others stay untouched.
   */
  void review(int limit, Predicate<PendingUrl> settle) {
    if (!mayHoldAny) {
      return;
    }
    List<KeyValue<Bytes, byte[]>> waiting = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> entries = store.all()) {
      while (entries.hasNext() && waiting.size() < limit) {
        waiting.add(entries.next());
      }
    }
    mayHoldAny = !waiting.isEmpty();
    for (KeyValue<Bytes, byte[]> entry : waiting) {
      if (settle.test(CODEC.decode(entry.value))) {
        store.delete(entry.key);
      }
    }
  }
}
