package dev.crawler.frontier.api;

import dev.crawler.common.messages.CrawlJob;
import dev.crawler.frontier.FrontierProperties;
import dev.crawler.frontier.crawls.CrawlCatalog;
import dev.crawler.frontier.crawls.CrawlCommands;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The crawl-control API. Errors are RFC 9457 problem details (see {@link ProblemDetailsAdvice}).
 */
@RestController
@RequestMapping("/api/crawls")
public class CrawlController {

  private final CrawlCommands commands;
  private final CrawlCatalog catalog;
  private final CrawlRequestValidator validator;
  private final Clock clock;
  private final int listSize;

  CrawlController(
      CrawlCommands commands,
      CrawlCatalog catalog,
      CrawlRequestValidator validator,
      Clock clock,
      FrontierProperties settings) {
    this.commands = commands;
    this.catalog = catalog;
    this.validator = validator;
    this.clock = clock;
    this.listSize = settings.limits().listSize();
  }

  /** Creates a crawl: 201 with its Location and view. */
  @PostMapping
  public ResponseEntity<CrawlView> create(@RequestBody CreateCrawlRequest request) {
    CrawlJob job =
        commands.create(validator.toCrawl(request, UUID.randomUUID().toString(), clock.instant()));
    return ResponseEntity.created(URI.create("/api/crawls/" + job.id())).body(view(job));
  }

  /** The most recent crawls, newest first, at most {@code crawler.frontier.limits.list-size}. */
  @GetMapping
  public List<CrawlView> list() {
    return catalog.list(listSize).stream().map(this::view).toList();
  }

  @GetMapping("/{id}")
  public CrawlView get(@PathVariable String id) {
    return view(catalog.get(id));
  }

  @PostMapping("/{id}/pause")
  public CrawlView pause(@PathVariable String id) {
    return view(commands.pause(id));
  }

  @PostMapping("/{id}/resume")
  public CrawlView resume(@PathVariable String id) {
    return view(commands.resume(id));
  }

  /** Cancels a crawl; its queued URLs are dropped. */
  @DeleteMapping("/{id}")
  public CrawlView cancel(@PathVariable String id) {
    return view(commands.cancel(id));
  }

  /**
   * The crawl's hosts with the most URLs queued, those backed off or failing, and those with the
   * most failed URLs, as the frontier tasks published them at their last progress interval.
   */
  @GetMapping("/{id}/hosts")
  public List<HostView> hosts(@PathVariable String id) {
    return catalog.hosts(catalog.get(id)).stream()
        .map(host -> HostView.of(host, clock.instant()))
        .toList();
  }

  /** Adds URLs to a running or paused crawl: 202, they are admitted asynchronously. */
  @PostMapping("/{id}/urls")
  public ResponseEntity<CrawlView> inject(
      @PathVariable String id, @RequestBody InjectUrlsRequest request) {
    CrawlJob job = commands.inject(id, validator.toUrls(request));
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(view(job));
  }

  private CrawlView view(CrawlJob job) {
    return CrawlView.of(catalog.status(job));
  }
}
