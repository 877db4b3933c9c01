package dev.crawler.frontier.crawls;

import dev.crawler.common.cluster.ClusterProperties;
import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.kafka.KafkaNames;
import dev.crawler.common.messages.CrawlJob;
import dev.crawler.common.messages.CrawlState;
import dev.crawler.common.messages.UrlCandidate;
import dev.crawler.common.messages.UrlSource;
import dev.crawler.common.url.PolitenessKey;
import dev.crawler.frontier.FrontierProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

/**
 * What a user can do to crawls: create, pause, resume, cancel, inject URLs. Each command is a write
 * to Kafka that the scheduler acts on: the crawl record to {@code crawl.jobs} (the scheduler reads
 * it as a global store), URLs to {@code crawl.urls} keyed by politeness key. A command returns once
 * Kafka acknowledged its writes.
 */
@Service
public class CrawlCommands {

  private static final Logger log = LoggerFactory.getLogger(CrawlCommands.class);
  private static final JsonCodec<CrawlJob> JOBS = JsonCodec.of(CrawlJob.class);
  private static final JsonCodec<UrlCandidate> CANDIDATES = JsonCodec.of(UrlCandidate.class);

  private final KafkaTemplate<String, byte[]> kafka;
  private final CrawlCatalog catalog;
  private final PolitenessKey politenessKey;
  private final KafkaNames names;
  private final Duration publishTimeout;
  private final Clock clock;

  public CrawlCommands(
      KafkaTemplate<String, byte[]> kafka,
      CrawlCatalog catalog,
      ClusterProperties cluster,
      FrontierProperties settings,
      Clock clock) {
    this.kafka = kafka;
    this.catalog = catalog;
    this.politenessKey = cluster.politenessKey();
    this.names = cluster.kafka().names();
    this.publishTimeout = settings.publishTimeout();
    this.clock = clock;
  }

  /**
   * Starts a crawl: its record first, then its seeds, so that the scheduler knows the crawl when
   * the seeds arrive. If the seeds cannot be written the crawl is cancelled (best effort), since a
   * crawl without its seeds would never finish.
   */
  public CrawlJob create(CrawlJob job) {
    publishJob(job);
    try {
      publishUrls(job.id(), job.seeds(), UrlSource.SEED);
    } catch (FrontierUnavailableException e) {
      try {
        publishJob(job.withState(CrawlState.CANCELLED, clock.instant()));
      } catch (FrontierUnavailableException alsoFailed) {
        e.addSuppressed(alsoFailed);
      }
      throw e;
    }
    log.info(
        "event=crawl_created crawl={} name={} seeds={} scope={}",
        job.id(),
        job.name(),
        job.seeds().size(),
        job.scope());
    return job;
  }

  /** Stops releasing the crawl's URLs; queued URLs stay. Pausing a paused crawl changes nothing. */
  public CrawlJob pause(String crawlId) {
    return transition(crawlId, CrawlState.PAUSED, "paused", CrawlState.RUNNING);
  }

  /** Releases the crawl's URLs again. Resuming a running crawl changes nothing. */
  public CrawlJob resume(String crawlId) {
    return transition(crawlId, CrawlState.RUNNING, "resumed", CrawlState.PAUSED);
  }

  /** Ends the crawl: its queued URLs are dropped, leases in flight run out. */
  public CrawlJob cancel(String crawlId) {
    return transition(
        crawlId, CrawlState.CANCELLED, "cancelled", CrawlState.RUNNING, CrawlState.PAUSED);
  }

  /**
   * Offers more URLs to a running or paused crawl (depth 0, source INJECTED); they pass dedup, trap
   * guards and budgets like any URL, but not scope. The crawl record is re-written with a new
   * update time, which holds off its completion while the URLs are on their way.
   *
   * @param urls normalised absolute http(s) URLs
   */
  public CrawlJob inject(String crawlId, List<String> urls) {
    CrawlJob job = catalog.get(crawlId);
    if (job.state().isTerminal()) {
      throw new CrawlStateConflictException(crawlId, job.state(), "given more URLs");
    }
    CrawlJob touched = job.withState(job.state(), clock.instant());
    publishJob(touched);
    publishUrls(crawlId, urls, UrlSource.INJECTED);
    log.info("event=urls_injected crawl={} urls={}", crawlId, urls.size());
    return touched;
  }

  private CrawlJob transition(
      String crawlId, CrawlState target, String action, CrawlState... from) {
    CrawlJob job = catalog.get(crawlId);
    if (job.state() == target) {
      return job;
    }
    if (!List.of(from).contains(job.state())) {
      throw new CrawlStateConflictException(crawlId, job.state(), action);
    }
    CrawlJob changed = job.withState(target, clock.instant());
    publishJob(changed);
    log.info("event=crawl_state_changed crawl={} from={} to={}", crawlId, job.state(), target);
    return changed;
  }

  private void publishJob(CrawlJob job) {
    await(List.of(kafka.send(names.jobs(), job.id(), JOBS.encode(job))));
    catalog.remember(job);
  }

  private void publishUrls(String crawlId, List<String> urls, UrlSource source) {
    List<CompletableFuture<?>> sends = new ArrayList<>(urls.size());
    for (String url : urls) {
      UrlCandidate candidate = UrlCandidate.seed(crawlId, url, source);
      sends.add(kafka.send(names.urls(), politenessKey.of(url), CANDIDATES.encode(candidate)));
    }
    await(sends);
  }

  private void await(List<CompletableFuture<?>> sends) {
    try {
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
          .get(publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FrontierUnavailableException("interrupted while writing to Kafka", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new FrontierUnavailableException("Kafka did not acknowledge the write", e);
    }
  }
}
