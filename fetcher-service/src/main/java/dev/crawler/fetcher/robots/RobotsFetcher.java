package dev.crawler.fetcher.robots;

import crawlercommons.robots.SimpleRobotRulesParser;
import dev.crawler.fetcher.FetcherProperties;
import dev.crawler.fetcher.address.BlockedAddressException;
import dev.crawler.fetcher.http.ExchangeRecorder;
import dev.crawler.fetcher.http.Failures;
import dev.crawler.fetcher.http.HttpFetcher;
import dev.crawler.fetcher.http.HttpGet;
import dev.crawler.fetcher.http.HttpReply;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Fetches and reads one origin's robots.txt with RFC 9309 semantics: a 2xx is parsed (the first
 * {@code max-size} bytes of it), a 4xx means no restrictions, a 5xx or an unreachable server means
 * full restriction until the next attempt a short while later, and up to {@code max-redirects}
 * redirects are followed, each through the same SSRF-guarded client.
 */
public final class RobotsFetcher {

  private final HttpFetcher http;
  private final FetcherProperties.Robots config;
  private final List<String> agentNames;

  public RobotsFetcher(HttpFetcher http, FetcherProperties.Robots config) {
    this.http = http;
    this.config = config;
    this.agentNames = List.of(config.agentToken().toLowerCase(Locale.ROOT));
  }

  /**
   * The rules of an origin. The future never fails: every failure is a kind of {@link HostRobots}.
   *
   * @param origin {@code scheme://host[:port]}
   */
  public CompletableFuture<HostRobots> fetch(String origin) {
    return fetch(origin, ExchangeRecorder.NONE);
  }

  /**
   * The rules of an origin. The future never fails: every failure is a kind of {@link HostRobots}.
   *
   * @param origin {@code scheme://host[:port]}
   * @param recorder told of every exchange, redirects included
   */
  public CompletableFuture<HostRobots> fetch(String origin, ExchangeRecorder recorder) {
    return fetch(URI.create(origin + "/robots.txt"), config.maxRedirects(), recorder);
  }

  private CompletableFuture<HostRobots> fetch(
      URI uri, int redirectsLeft, ExchangeRecorder recorder) {
    return http.get(
            HttpGet.of(uri, config.maxBytes(), r -> r.getStatus() / 100 == 2).recordedBy(recorder))
        .thenCompose(reply -> read(uri, reply, redirectsLeft, recorder))
        .exceptionally(failure -> {
          Throwable cause = Failures.unwrap(failure);
          String detail = "robots.txt " + Failures.describe(cause);
          return cause instanceof BlockedAddressException
              ? HostRobots.blocked(config.unavailableTtl(), detail)
              : HostRobots.unreachable(config.unavailableTtl(), detail);
        });
  }

  private CompletableFuture<HostRobots> read(
      URI uri, HttpReply reply, int redirectsLeft, ExchangeRecorder recorder) {
    int status = reply.status();
    if (status / 100 == 2) {
      return CompletableFuture.completedFuture(HostRobots.parsed(parse(uri, reply), config.ttl()));
    }
    if (status / 100 == 3) {
      String location = reply.header("Location");
      if (location != null && redirectsLeft > 0) {
        try {
          return fetch(uri.resolve(location.strip()), redirectsLeft - 1, recorder);
        } catch (IllegalArgumentException e) {
          return done(HostRobots.unavailable(config.ttl(), "robots.txt bad redirect " + location));
        }
      }
      // RFC 9309 2.3.1.2: past the redirect limit, robots.txt MAY be treated as unavailable.
      return done(HostRobots.unavailable(config.ttl(), "robots.txt redirects exhausted"));
    }
    // 429 is a request to slow down, not an absent file: treated like 5xx, as Google does.
    if (status / 100 == 4 && status != 429) {
      return done(HostRobots.unavailable(config.ttl(), "robots.txt HTTP " + status));
    }
    return done(HostRobots.unreachable(config.unavailableTtl(), "robots.txt HTTP " + status));
  }

  private crawlercommons.robots.BaseRobotRules parse(URI uri, HttpReply reply) {
    // A new parser per file: it counts warnings per instance and is not meant to be shared.
    SimpleRobotRulesParser parser = new SimpleRobotRulesParser();
    parser.setMaxCrawlDelay(config.maxCrawlDelay().toMillis());
    return parser.parseContent(uri.toString(), reply.body(), reply.mediaType().type(), agentNames);
  }

  private static CompletableFuture<HostRobots> done(HostRobots robots) {
    return CompletableFuture.completedFuture(robots);
  }
}
