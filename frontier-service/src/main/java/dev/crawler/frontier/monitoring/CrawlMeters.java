package dev.crawler.frontier.monitoring;

import dev.crawler.frontier.FrontierProperties;
import dev.crawler.frontier.crawls.CrawlCatalog;
import dev.crawler.frontier.crawls.CrawlStatus;
import dev.crawler.frontier.crawls.FrontierUnavailableException;
import dev.crawler.frontier.scheduling.CrawlCounters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Per-crawl counters as the gauge {@code frontier.crawl.urls} tagged with crawl and counter,
 * refreshed from the cluster-wide status every few seconds (only for the crawls {@code GET
 * /api/crawls} would list, so the tag count stays bounded).
 */
@Component
public class CrawlMeters {

  private static final List<Counter> COUNTERS =
      List.of(
          new Counter("discovered", CrawlCounters::discovered),
          new Counter("queued", CrawlCounters::queued),
          new Counter("in_flight", CrawlCounters::inFlight),
          new Counter("fetched", CrawlCounters::fetched),
          new Counter("failed", CrawlCounters::failed),
          new Counter("robots_denied", CrawlCounters::robotsDenied),
          new Counter("filtered", CrawlCounters::filtered));

  private record Counter(String name, ToLongFunction<CrawlCounters> value) {}

  private final CrawlCatalog catalog;
  private final MultiGauge gauge;
  private final int listSize;

  public CrawlMeters(CrawlCatalog catalog, MeterRegistry registry, FrontierProperties settings) {
    this.catalog = catalog;
    this.listSize = settings.limits().listSize();
    this.gauge =
        MultiGauge.builder("frontier.crawl.urls")
            .description("URLs of a crawl by counter, over the whole cluster")
            .register(registry);
  }

  @Scheduled(fixedDelayString = "${crawler.frontier.meters-refresh}")
  void refresh() {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    try {
      for (var job : catalog.list(listSize)) {
        CrawlStatus status = catalog.status(job);
        for (Counter counter : COUNTERS) {
          long value = counter.value().applyAsLong(status.counters());
          rows.add(MultiGauge.Row.of(Tags.of("crawl", job.id(), "counter", counter.name()), value));
        }
      }
    } catch (FrontierUnavailableException e) {
      return; // stores not ready: keep the last values
    }
    gauge.register(rows, true);
  }
}
