package dev.crawler.benchmarks.e2e;

import dev.crawler.testsupport.cluster.CrawlCluster;
import dev.crawler.testsupport.cluster.CrawlProgress;
import dev.crawler.testsupport.cluster.IndexBackend;
import dev.crawler.testsupport.cluster.ServiceInstance;
import dev.crawler.testsupport.web.TestWeb;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The distributed crawler as separate processes ({@link CrawlCluster}): a Kafka broker, the
 * frontier, two fetchers, the parser and the indexer, each a JVM from its executable jar, indexing
 * into Elasticsearch (the production path; the integ-test process of the tests, or a container when
 * Docker is available).
 */
final class DistributedCrawl implements CrawlDeployment {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String ELASTICSEARCH_MAIN = "org.elasticsearch.bootstrap.Elasticsearch";

  private final CrawlCluster cluster;
  private final Path workDir;
  private final String crawlId;
  private final boolean gracefulStop;

  private DistributedCrawl(
      CrawlCluster cluster, Path workDir, String crawlId, boolean gracefulStop) {
    this.cluster = cluster;
    this.workDir = workDir;
    this.crawlId = crawlId;
    this.gracefulStop = gracefulStop;
  }

  /**
   * Starts the cluster with {@code jvmOptions} for every service and creates a crawl of {@code
   * seeds}: scope ANY, at most {@code maxPages} URLs, no delay.
   *
   * @param gracefulStop whether {@link #close()} stops the services gracefully first, so that a JFR
   *     recording of each is written (otherwise they are killed, which is quicker)
   */
  static DistributedCrawl start(
      TestWeb web,
      List<String> seeds,
      long maxPages,
      List<String> jvmOptions,
      Path workDir,
      boolean gracefulStop) {
    CrawlCluster cluster =
        CrawlCluster.builder(workDir)
            .web(web)
            .fetchers(2)
            .index(IndexBackend.ELASTICSEARCH)
            .jvmOptions(jvmOptions.toArray(String[]::new))
            .build();
    try {
      cluster.start();
      ObjectNode request = JSON.createObjectNode();
      request.put("name", "end-to-end benchmark");
      seeds.forEach(request.putArray("seeds")::add);
      request.put("scope", "ANY");
      request.put("maxPages", maxPages);
      request.put("minDelayMs", 0);
      String crawlId = cluster.api().createCrawl(request.toString());
      return new DistributedCrawl(cluster, workDir, crawlId, gracefulStop);
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  @Override
  public StageCounts counts() {
    CrawlProgress progress = cluster.api().progress(crawlId);
    return new StageCounts(
        progress.state(),
        progress.fetched(),
        PrometheusText.sum(cluster.parser().baseUri(), "crawler_parser_pages_total"),
        progress.indexed());
  }

  /** Every service, then the broker and Elasticsearch when they are processes of this machine. */
  @Override
  public Map<String, Long> processes() {
    Map<String, Long> pids = new LinkedHashMap<>();
    for (ServiceInstance service : cluster.services()) {
      pids.put(service.name(), service.pid());
    }
    descendant(workDir.resolve("kafka").toString()).ifPresent(pid -> pids.put("kafka-broker", pid));
    descendant(ELASTICSEARCH_MAIN).ifPresent(pid -> pids.put("elasticsearch", pid));
    return pids;
  }

  @Override
  public boolean isAlive() {
    return cluster.services().stream().allMatch(ServiceInstance::isRunning)
        && cluster.broker().isRunning();
  }

  @Override
  public String logs() {
    return workDir.toString();
  }

  @Override
  public void close() {
    if (gracefulStop) {
      cluster.services().forEach(ServiceInstance::stop);
    }
    cluster.close();
  }

  /**
   * A process this JVM started, directly or not, whose command line contains {@code fragment}: the
   * broker and Elasticsearch are started by the test support without exposing their pids.
   */
  private static Optional<Long> descendant(String fragment) {
    return ProcessHandle.current()
        .descendants()
        .filter(process -> commandLine(process.pid()).contains(fragment))
        .map(ProcessHandle::pid)
        .findFirst();
  }

  private static String commandLine(long pid) {
    try {
      return new String(
              Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
              StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }
}
