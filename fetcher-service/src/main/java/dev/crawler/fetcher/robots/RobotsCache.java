package dev.crawler.fetcher.robots;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * robots.txt rules per origin (scheme, host, port), bounded in size, each entry kept for its own
 * time to live. Tasks for a host whose robots.txt is being fetched share that one fetch instead of
 * starting their own.
 */
public final class RobotsCache {

  private final AsyncCache<String, HostRobots> cache;
  private final RobotsFetcher fetcher;

  public RobotsCache(RobotsFetcher fetcher, long maximumSize) {
    this.fetcher = fetcher;
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(maximumSize)
            .expireAfter(Expiry.<String, HostRobots>creating((origin, robots) -> robots.ttl()))
            .buildAsync();
  }

  /** The rules for a URL's origin, fetched if not cached. The future never fails. */
  public CompletableFuture<HostRobots> rulesFor(URI url) {
    return cache.get(originOf(url), (origin, executor) -> fetcher.fetch(origin));
  }

  static String originOf(URI url) {
    String scheme = url.getScheme().toLowerCase(Locale.ROOT);
    int port = url.getPort() >= 0 ? url.getPort() : "https".equals(scheme) ? 443 : 80;
    return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + ":" + port;
  }
}
