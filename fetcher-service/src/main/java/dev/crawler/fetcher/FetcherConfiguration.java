package dev.crawler.fetcher;

import dev.crawler.common.cluster.ClusterConfiguration;
import dev.crawler.common.cluster.ClusterProperties;
import dev.crawler.common.kafka.KafkaNames;
import dev.crawler.common.kafka.Topics;
import dev.crawler.common.tracing.RecordTracer;
import dev.crawler.common.url.UrlNormalizer;
import dev.crawler.fetcher.address.AddressPolicy;
import dev.crawler.fetcher.address.Cidr;
import dev.crawler.fetcher.address.GuardedAddressResolver;
import dev.crawler.fetcher.address.HostOverrides;
import dev.crawler.fetcher.consumer.FetchConsumer;
import dev.crawler.fetcher.consumer.FetchConsumerHealth;
import dev.crawler.fetcher.consumer.ResultPublisher;
import dev.crawler.fetcher.http.HttpClientFactory;
import dev.crawler.fetcher.http.HttpFetcher;
import dev.crawler.fetcher.politeness.HostLimiter;
import dev.crawler.fetcher.robots.RobotsCache;
import dev.crawler.fetcher.robots.RobotsFetcher;
import dev.crawler.fetcher.task.FetchMetrics;
import dev.crawler.fetcher.task.FetchPipeline;
import dev.crawler.fetcher.warc.CrawlArchives;
import dev.crawler.fetcher.warc.WarcArchive;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Wires the fetcher: guarded HTTP client, robots cache, local limiter, pipeline, consumer. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FetcherProperties.class)
@Import(ClusterConfiguration.class)
class FetcherConfiguration {

  @Bean(destroyMethod = "stop")
  QueuedThreadPool fetcherHttpThreads() throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("fetcher-http");
    threads.setDaemon(true);
    threads.start();
    return threads;
  }

  @Bean
  GuardedAddressResolver guardedAddressResolver(
      FetcherProperties fetcher, QueuedThreadPool fetcherHttpThreads) {
    AddressPolicy policy =
        new AddressPolicy(
            fetcher.allowPrivateNetworks(),
            fetcher.allowedCidrs().stream().map(FetcherConfiguration::cidr).toList());
    return new GuardedAddressResolver(
        policy,
        hostOverrides(fetcher),
        fetcherHttpThreads,
        HttpClientFactory.proxyAddress(fetcher));
  }

  @Bean(destroyMethod = "stop")
  HttpClient fetcherHttpClient(
      FetcherProperties fetcher, GuardedAddressResolver resolver, QueuedThreadPool threads)
      throws Exception {
    return HttpClientFactory.create(fetcher, resolver, threads);
  }

  /**
   * The WARC files of the crawls that ask for them, or none when no WARC directory is set (the
   * tasks that ask all the same are counted and their crawls logged once).
   */
  @Bean
  CrawlArchives crawlArchives(
      FetcherProperties fetcher,
      ScheduledExecutorService fetcherScheduler,
      MeterRegistry registry) {
    FetcherProperties.Warc warc = fetcher.warc();
    if (!warc.enabled()) {
      return CrawlArchives.none(registry);
    }
    return CrawlArchives.in(
        new WarcArchive(
            Path.of(warc.directory()),
            warc.maxFileSize().toBytes(),
            warc.prefix(),
            fetcher.userAgent()),
        warc.idleTimeout(),
        fetcherScheduler,
        registry);
  }

  @Bean
  HttpFetcher httpFetcher(
      FetcherProperties fetcher,
      HttpClient fetcherHttpClient,
      GuardedAddressResolver resolver,
      QueuedThreadPool threads) {
    // Through a proxy the proxy resolves the target, so the guard checks the name beforehand.
    HttpFetcher.TargetCheck check =
        fetcher.proxy().isEmpty()
            ? HttpFetcher.TargetCheck.NONE
            : host ->
                CompletableFuture.runAsync(
                    () -> {
                      try {
                        resolver.check(host);
                      } catch (UnknownHostException e) {
                        throw new CompletionException(e);
                      }
                    },
                    threads);
    return new HttpFetcher(fetcherHttpClient, fetcher.idleTimeout(), fetcher.totalTimeout(), check);
  }

  @Bean
  RobotsCache robotsCache(FetcherProperties fetcher, HttpFetcher http, MeterRegistry registry) {
    return new RobotsCache(
        new RobotsFetcher(http, fetcher.robots()), fetcher.robots().cacheSize(), registry);
  }

  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService fetcherScheduler() {
    ScheduledThreadPoolExecutor scheduler =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().name("fetcher-scheduler").daemon().factory());
    scheduler.setRemoveOnCancelPolicy(true);
    return scheduler;
  }

  @Bean
  FetchPipeline fetchPipeline(
      FetcherProperties fetcher,
      ClusterProperties cluster,
      HttpFetcher http,
      RobotsCache robots,
      ScheduledExecutorService fetcherScheduler,
      CrawlArchives crawlArchives,
      MeterRegistry registry) {
    Clock clock = Clock.systemUTC();
    HostLimiter limiter =
        new HostLimiter(
            fetcherScheduler,
            fetcher.limiterMemory(),
            fetcher.limiterMaxHosts(),
            fetcher.limiterTroubleHold(),
            fetcher.limiterDelayMargin(),
            fetcher.limiterLeastMargin(),
            clock);
    return new FetchPipeline(
        http,
        robots,
        limiter,
        cluster.politenessKey(),
        UrlNormalizer.standard(),
        fetcher,
        new FetchMetrics(registry),
        crawlArchives,
        clock);
  }

  /**
   * The producer of every record the fetcher writes, page bodies on crawl.fetched by far the most
   * bytes. lz4 stores a page in about 43 % of its size for a fraction of zstd's CPU: zstd stores it
   * in 24 %, but with the fetcher, the broker and the parser in one process it cost about 0.3 ms of
   * CPU per page more than no compression, and lz4 under 0.1 ms (compression at the fetcher,
   * decompression at the broker and at the parser; docs/benchmarks.md, "crawl.fetched"). Batch size
   * and linger are Kafka's defaults: a page is larger than a batch, so it is a batch of its own.
   */
  @Bean(destroyMethod = "close")
  Producer<byte[], byte[]> fetcherProducer(KafkaProperties kafka) {
    Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_FETCHED_RECORD_BYTES);
    return new KafkaProducer<>(config);
  }

  @Bean
  ResultPublisher resultPublisher(
      Producer<byte[], byte[]> producer, ClusterProperties cluster, KafkaNames names) {
    return new ResultPublisher(producer, cluster.politenessKey(), names);
  }

  @Bean
  FetchConsumer fetchConsumer(
      KafkaProperties kafka,
      FetcherProperties fetcher,
      KafkaNames names,
      FetchPipeline pipeline,
      ResultPublisher publisher,
      ScheduledExecutorService fetcherScheduler,
      RecordTracer tracer,
      MeterRegistry registry) {
    Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, names.group(fetcher.consumerGroup()));
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, fetcher.maxPollRecords());
    config.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    return new FetchConsumer(
        () -> new KafkaConsumer<>(config),
        pipeline,
        publisher,
        fetcher,
        names,
        fetcherScheduler,
        tracer,
        registry);
  }

  @Bean
  FetchConsumerHealth fetchConsumerHealth(FetchConsumer fetchConsumer) {
    return new FetchConsumerHealth(fetchConsumer);
  }

  private static Cidr cidr(String text) {
    try {
      return Cidr.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("crawler.fetcher.allowed-cidrs: " + e.getMessage(), e);
    }
  }

  private static HostOverrides hostOverrides(FetcherProperties fetcher) {
    try {
      return HostOverrides.parse(fetcher.hostOverrides());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("crawler.fetcher.host-overrides: " + e.getMessage(), e);
    }
  }
}
