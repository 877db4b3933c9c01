package dev.crawler.fetcher.robots;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.crawler.fetcher.http.ExchangeRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * robots.txt rules per origin (scheme, host, port), bounded in size, each entry kept for its own
 * time to live. Tasks for a host whose robots.txt is being fetched share that one fetch instead of
 * starting their own. Its hits, misses, size and evictions are metrics ({@code
 * cache_gets_total{cache="robots",result="hit|miss"}} and so on in Prometheus).
 */
public final class RobotsCache {

  private final AsyncCache<String, HostRobots> cache;
  private final RobotsFetcher fetcher;

  public RobotsCache(RobotsFetcher fetcher, long maximumSize, MeterRegistry registry) {
    this.fetcher = fetcher;
    this.cache =
        CaffeineCacheMetrics.monitor(
            registry,
            Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfter(Expiry.<String, HostRobots>creating((origin, robots) -> robots.ttl()))
                .recordStats()
                .<String, HostRobots>buildAsync(),
            "robots");
  }

  /** The rules for a URL's origin, fetched if not cached. The future never fails. */
  public CompletableFuture<HostRobots> rulesFor(URI url) {
    return rulesFor(url, ExchangeRecorder.NONE);
  }

  /**
   * The rules for a URL's origin, fetched if not cached. The future never fails.
   *
   * @param recorder told of the robots.txt exchanges if this call is the one that fetches them (the
   *     rules are shared: a later caller, whatever its recorder, gets them from the cache)
   */
  public CompletableFuture<HostRobots> rulesFor(URI url, ExchangeRecorder recorder) {
    return cache.get(originOf(url), (origin, executor) -> fetcher.fetch(origin, recorder));
  }

  static String originOf(URI url) {
    String scheme = url.getScheme().toLowerCase(Locale.ROOT);
    int port = url.getPort() >= 0 ? url.getPort() : "https".equals(scheme) ? 443 : 80;
    return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + ":" + port;
  }
}
