package dev.crawler.fetcher;

import dev.crawler.common.cluster.ClusterProperties;
import dev.crawler.common.messages.FetchTask;
import dev.crawler.fetcher.http.ExchangeRecorder;
import dev.crawler.fetcher.http.HttpFetcher;
import dev.crawler.fetcher.task.FetchPipeline;
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
    ExchangeRecorder recorder = wiring.exchangeRecorder(properties);
    resources.add(recorder);
    http = wiring.httpFetcher(properties, client, resolver, threads, recorder);
    ScheduledExecutorService scheduler = wiring.fetcherScheduler();
    resources.addFirst(scheduler::shutdownNow);
    pipeline =
        wiring.fetchPipeline(
            properties,
            cluster,
            http,
            wiring.robotsCache(properties, http, registry),
            scheduler,
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
    return new FetchTask(
        UUID.randomUUID().toString(),
        "crawl-1",
        url,
        2,
        1,
        Instant.now().plus(Duration.ofMinutes(5)),
        minDelayMs,
        null,
        null,
        1,
        0);
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
