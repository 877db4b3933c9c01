package dev.crawler.fetcher.http;

/**
 * Told of every HTTP exchange that got a response, robots.txt included, before the fetcher acts on
 * it: the seam where an archive (WARC) keeps what was fetched. Called on the HTTP client's threads;
 * it must not throw. Closed after the fetcher stopped fetching.
 */
@FunctionalInterface
public interface ExchangeRecorder extends AutoCloseable {

  /** Records nothing. */
  ExchangeRecorder NONE = exchange -> {};

  void record(RawExchange exchange);

  @Override
  default void close() {}
}
