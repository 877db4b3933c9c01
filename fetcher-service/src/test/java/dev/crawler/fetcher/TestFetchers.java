package dev.crawler.fetcher;

import dev.crawler.common.cluster.ClusterProperties;
import dev.crawler.common.messages.FetchTask;
import dev.crawler.fetcher.http.HttpFetcher;
import dev.crawler.fetcher.task.FetchPipeline;
import dev.crawler.fetcher.warc.CrawlArchives;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * A fetch pipeline wired exactly as the service wires it (through {@link FetcherConfiguration}),
 * with fetcher.yaml's defaults and a test's overrides, without Kafka.
 */
public final class TestFetchers implements AutoCloseable {

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final FetchPipeline pipeline;
  private final HttpFetcher http;
  private final FetcherProperties properties;
  private final MeterRegistry registry = new SimpleMeterRegistry();

  private TestFetchers(Map<String, Object> overrides) throws Exception {
    properties = bind(overrides, "crawler.fetcher", FetcherProperties.class);
    ClusterProperties cluster = bind(overrides, "crawler", ClusterProperties.class);
    FetcherConfiguration wiring = new FetcherConfiguration();
    QueuedThreadPool threads = wiring.fetcherHttpThreads();
    resources.add(threads::stop);
    var resolver = wiring.guardedAddressResolver(properties, threads);
    HttpClient client = wiring.fetcherHttpClient(properties, resolver, threads);
    resources.addFirst(client::stop);
    http = wiring.httpFetcher(properties, client, resolver, threads);
    ScheduledExecutorService scheduler = wiring.fetcherScheduler();
    resources.addFirst(scheduler::shutdownNow);
    CrawlArchives archives = wiring.crawlArchives(properties, scheduler, registry);
    resources.add(archives);
    pipeline =
        wiring.fetchPipeline(
            properties,
            cluster,
            http,
            wiring.robotsCache(properties, http, registry),
            scheduler,
            archives,
            registry);
  }

  /** A pipeline with fetcher.yaml's defaults changed by {@code overrides} (property names). */
  public static TestFetchers start(Map<String, Object> overrides) {
    try {
      return new TestFetchers(overrides);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the fetch pipeline", e);
    }
  }

  public FetchPipeline pipeline() {
    return pipeline;
  }

  /** The HTTP client the pipeline fetches with. */
  public HttpFetcher http() {
    return http;
  }

  public FetcherProperties properties() {
    return properties;
  }

  /** The meters the pipeline and its robots cache record into. */
  public MeterRegistry registry() {
    return registry;
  }

  /** A fresh task for a URL with a long lease and no politeness delay. */
  public static FetchTask task(String url) {
    return task(url, 0);
  }

  /** A fresh task for a URL with a long lease. */
  public static FetchTask task(String url, long minDelayMs) {
    return task("crawl-1", url, minDelayMs, false);
  }

  /**
   * A fresh task for a URL with a long lease and no politeness delay, of a crawl that asks for its
   * exchanges to be kept as WARC records, or not.
   */
  public static FetchTask task(String crawlId, String url, boolean warc) {
    return task(crawlId, url, 0, warc);
  }

  private static FetchTask task(String crawlId, String url, long minDelayMs, boolean warc) {
    return new FetchTask(
        UUID.randomUUID().toString(),
        crawlId,
        url,
        2,
        1,
        Instant.now().plus(Duration.ofMinutes(5)),
        minDelayMs,
        null,
        null,
        1,
        0,
        warc);
  }

  /** Binds a configuration record from fetcher.yaml plus overrides. */
  static <T> T bind(Map<String, Object> overrides, String prefix, Class<T> type) {
    try {
      MutablePropertySources sources = new MutablePropertySources();
      sources.addFirst(new MapPropertySource("test", overrides));
      for (PropertySource<?> yaml :
          new YamlPropertySourceLoader().load("fetcher", new ClassPathResource("fetcher.yaml"))) {
        sources.addLast(yaml);
      }
      return new Binder(ConfigurationPropertySources.from(sources)).bindOrCreate(prefix, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable resource : resources) {
      resource.close();
    }
  }
}
