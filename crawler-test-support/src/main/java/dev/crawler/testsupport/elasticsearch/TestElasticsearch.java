package dev.crawler.testsupport.elasticsearch;

import java.net.URI;

/**
 * The one real Elasticsearch of a test JVM, started on first use of {@link #get()} and stopped when
 * the JVM exits.
 *
 * <p>With a Docker engine it is the official 9.x image of the Java client's version, security
 * disabled (override with {@code -Dcrawler.test.elasticsearch.image}). Without one it is an {@link
 * ElasticsearchProcess} running Maven Central's {@code integ-test-zip} 8.19, so code must work
 * against both majors: {@link #serverMajorVersion()} says which one it got, and a 9.x client must
 * then send {@code compatible-with=8} media types.
 *
 * <p>Tests share the server, so each test uses its own index names.
 */
public sealed interface TestElasticsearch permits ElasticsearchProcess, ElasticsearchTestcontainer {

  /**
   * The server, starting it on the first call; concurrent first calls wait for one start.
   *
   * @throws IllegalStateException if it could not be started (now or on an earlier call), with the
   *     cause and the tail of the server's log
   */
  static TestElasticsearch get() {
    return SharedElasticsearch.get();
  }

  /** {@code http://HOST:PORT} of the REST API, without credentials. */
  URI httpUri();

  /** 8 for the integ-test-zip process, 9 for the container. */
  int serverMajorVersion();

  /**
   * Stops the server, keeping its data and port, so tests can see how clients behave during an
   * outage. Returns once it no longer accepts connections.
   */
  void stop();

  /** Starts a stopped server again on the same port with the same data; waits until healthy. */
  void start();

  /** Whether the server is up (started and not stopped). */
  boolean isRunning();
}
