package dev.crawler.fetcher.task;

import dev.crawler.common.messages.FetchOutcome;
import dev.crawler.common.messages.FetchTask;
import dev.crawler.common.messages.FetchedPage;
import dev.crawler.common.messages.OutcomeKind;
import dev.crawler.common.messages.UrlCandidate;
import dev.crawler.common.messages.UrlSource;
import dev.crawler.common.url.PolitenessKey;
import dev.crawler.common.url.UrlNormalizer;
import dev.crawler.fetcher.FetcherProperties;
import dev.crawler.fetcher.address.BlockedAddressException;
import dev.crawler.fetcher.http.ExchangeRecorder;
import dev.crawler.fetcher.http.Failures;
import dev.crawler.fetcher.http.HttpFetcher;
import dev.crawler.fetcher.http.HttpGet;
import dev.crawler.fetcher.http.HttpReply;
import dev.crawler.fetcher.http.MediaType;
import dev.crawler.fetcher.http.RetryAfter;
import dev.crawler.fetcher.http.UnsupportedEncodingException;
import dev.crawler.fetcher.politeness.HostLimiter;
import dev.crawler.fetcher.robots.HostRobots;
import dev.crawler.fetcher.robots.RobotsCache;
import dev.crawler.fetcher.warc.CrawlArchives;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task from lease to result: robots.txt, the local politeness slot, the GET, and the decision
 * what the response means. Never blocks a thread, and the returned future never fails: every task
 * ends in an outcome.
 *
 * <p>The exchanges of a task whose crawl asks for WARC, robots.txt included when this task is the
 * one that fetches it, are kept in the crawl's WARC files ({@link CrawlArchives}).
 *
 * <p>A 404 or 410 also yields a {@link FetchedPage} (with an empty body): the page is gone, and the
 * parser turns such a page into an index delete, so a recrawl removes vanished pages from search.
 * The fetcher only reports; what a status means for the index stays the parser's decision.
 */
public final class FetchPipeline {

  private static final Logger log = LoggerFactory.getLogger(FetchPipeline.class);

  /** The headers a fetched page carries to the parser. */
  static final List<String> PAGE_HEADERS =
      List.of("content-type", "content-language", "x-robots-tag", "last-modified", "etag");

  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  private static final Set<Integer> GONE = Set.of(404, 410);
  private static final String HANDED_BACK = "host in trouble: handed back unstarted";
  private static final String PARTITION_GIVEN_UP = "partition given up before the fetch started";

  private final HttpFetcher http;
  private final RobotsCache robots;
  private final HostLimiter limiter;
  private final PolitenessKey politenessKey;
  private final UrlNormalizer normalizer;
  private final FetcherProperties config;
  private final FetchMetrics metrics;
  private final CrawlArchives archives;
  private final Clock clock;

  public FetchPipeline(
      HttpFetcher http,
      RobotsCache robots,
      HostLimiter limiter,
      PolitenessKey politenessKey,
      UrlNormalizer normalizer,
      FetcherProperties config,
      FetchMetrics metrics,
      CrawlArchives archives,
      Clock clock) {
    this.http = http;
    this.robots = robots;
    this.limiter = limiter;
    this.politenessKey = politenessKey;
    this.normalizer = normalizer;
    this.config = config;
    this.metrics = metrics;
    this.archives = archives;
    this.clock = clock;
  }

  /**
   * Works on a task that comes from no partition (a benchmark or a tool feeding tasks directly);
   * the future completes with its result and never fails.
   */
  public CompletableFuture<TaskResult> process(FetchTask task) {
    return process(task, TaskSource.ALWAYS_OWNED);
  }

  /**
   * Works on a task; the future completes with its result and never fails.
   *
   * @param source the partition the task came from, whose ownership the host's politeness needs
   */
  public CompletableFuture<TaskResult> process(FetchTask task, TaskSource source) {
    OutcomeDraft draft = new OutcomeDraft(task, clock.instant());
    ExchangeRecorder recorder = archives.recorderFor(task);
    URI uri;
    try {
      uri = httpUri(task.url());
    } catch (URISyntaxException e) {
      return done(draft, OutcomeKind.HTTP_ERROR, "invalid URL: " + e.getMessage());
    }
    return robots
        .rulesFor(uri, recorder)
        .thenCompose(rules -> afterRobots(draft, uri, rules, source, recorder))
        .exceptionally(failure -> {
          log.warn(
              "event=task_failed taskId={} url={} error={}",
              task.taskId(),
              task.url(),
              Failures.describe(failure),
              failure);
          return result(draft, OutcomeKind.NETWORK_ERROR, Failures.describe(failure));
        });
  }

  private CompletableFuture<TaskResult> afterRobots(
      OutcomeDraft draft, URI uri, HostRobots rules, TaskSource source, ExchangeRecorder recorder) {
    FetchTask task = draft.task();
    String key = politenessKey.of(task.url());
    draft.crawlDelayMs(rules.crawlDelayMs()).sitemaps(rules.claimSitemaps());
    switch (rules.source()) {
      case BLOCKED -> {
        return done(draft, OutcomeKind.BLOCKED_ADDRESS, rules.detail());
      }
      case UNREACHABLE -> {
        // RFC 9309: no fetch while robots.txt is unreachable; the URL is worth retrying later.
        // One such outcome backs the host off; the rest of its window goes back as it was.
        if (limiter.inTrouble(key, task.hostEpoch())) {
          return done(draft, OutcomeKind.RETURNED, HANDED_BACK);
        }
        limiter.trouble(key, task.hostEpoch());
        draft.retryAfter(rules.ttl());
        return done(draft, OutcomeKind.NETWORK_ERROR, rules.detail());
      }
      default -> {
        if (!rules.allows(task.url())) {
          return done(draft, OutcomeKind.ROBOTS_DENIED, "disallowed by robots.txt");
        }
      }
    }
    long crawlDelay = rules.crawlDelayMs() == null ? 0 : rules.crawlDelayMs();
    Duration delay = Duration.ofMillis(Math.max(task.minDelayMs(), crawlDelay));
    HostLimiter.Turn turn =
        new HostLimiter.Turn(
            key, delay, task.concurrency(), source.assignedAt().plus(delay), task.hostEpoch());
    return limiter.submit(
        turn,
        new HostLimiter.Waiting<>() {
          @Override
          public Optional<TaskResult> refusal(Instant now) {
            if (!source.owned()) {
              return Optional.of(result(draft, OutcomeKind.RETURNED, PARTITION_GIVEN_UP));
            }
            if (now.isAfter(task.leaseDeadline())) {
              return Optional.of(
                  result(draft, OutcomeKind.RETURNED, "lease deadline passed before its turn"));
            }
            return Optional.empty();
          }

          @Override
          public TaskResult handedBack() {
            return result(draft, OutcomeKind.RETURNED, HANDED_BACK);
          }

          @Override
          public CompletableFuture<TaskResult> start() {
            if (!source.fetchStarting()) {
              return done(draft, OutcomeKind.RETURNED, PARTITION_GIVEN_UP);
            }
            return fetch(draft, uri, key, recorder)
                .whenComplete((result, failure) -> source.fetchEnded());
          }
        });
  }

  private CompletableFuture<TaskResult> fetch(
      OutcomeDraft draft, URI uri, String key, ExchangeRecorder recorder) {
    FetchTask task = draft.task();
    draft.startedAt(clock.instant());
    log.debug("event=fetch_started url={} host={} delay_ms={}", task.url(), key, task.minDelayMs());
    HttpGet get =
        new HttpGet(
            uri,
            task.etag(),
            task.lastModified(),
            config.maxBodyBytes(),
            this::wantsBody,
            () -> limiter.sent(key, clock.instant()),
            recorder);
    long sent = System.nanoTime();
    return http.get(get)
        .handle((reply, failure) -> {
          TaskResult result;
          if (failure != null) {
            result = failed(draft, failure);
          } else {
            metrics.responded(
                reply.status(), reply.receivedBytes(), Duration.ofNanos(System.nanoTime() - sent));
            result = classify(draft, reply);
          }
          FetchOutcome outcome = result.outcome();
          if (OutcomeKind.isHostTrouble(outcome.kind(), outcome.httpStatus())) {
            limiter.trouble(key, task.hostEpoch()); // the rest of the host's window goes back
          }
          return result;
        });
  }

  private boolean wantsBody(Response response) {
    return response.getStatus() / 100 == 2
        && isAllowed(MediaType.parse(response.getHeaders().get(HttpHeader.CONTENT_TYPE)).type());
  }

  private TaskResult classify(OutcomeDraft draft, HttpReply reply) {
    FetchTask task = draft.task();
    Instant now = clock.instant();
    int status = reply.status();
    draft
        .status(status)
        .validators(
            firstNonNull(reply.header("ETag"), status == 304 ? task.etag() : null),
            firstNonNull(
                reply.header("Last-Modified"), status == 304 ? task.lastModified() : null));
    if (status / 100 == 2) {
      MediaType media = reply.mediaType();
      if (!isAllowed(media.type())) {
        return result(draft, OutcomeKind.UNSUPPORTED_TYPE, "content-type " + media.type());
      }
      if (reply.truncated() && !config.truncatableContentTypes().contains(media.type())) {
        return result(
            draft,
            OutcomeKind.TOO_LARGE,
            "body exceeds " + config.maxBodyBytes() + " bytes (" + media.type() + ")");
      }
      // A truncated page is still worth parsing, but says so: its tail was not read.
      String detail =
          reply.truncated() ? "body truncated at " + config.maxBodyBytes() + " bytes" : null;
      FetchOutcome outcome = draft.finish(OutcomeKind.FETCHED, detail, now);
      return finished(
          new TaskResult(outcome, Optional.of(page(task, reply, media, now)), Optional.empty()));
    }
    if (status == 304) {
      return result(draft, OutcomeKind.NOT_MODIFIED, null);
    }
    if (REDIRECTS.contains(status)) {
      return redirect(draft, reply);
    }
    draft.retryAfter(
        RetryAfter.parse(reply.header("Retry-After"), now, config.maxRetryAfter()).orElse(null));
    FetchOutcome outcome = draft.finish(OutcomeKind.HTTP_ERROR, "HTTP " + status, now);
    Optional<FetchedPage> gone =
        GONE.contains(status)
            ? Optional.of(page(task, reply, reply.mediaType(), now))
            : Optional.empty();
    return finished(new TaskResult(outcome, gone, Optional.empty()));
  }

  private TaskResult redirect(OutcomeDraft draft, HttpReply reply) {
    FetchTask task = draft.task();
    String location = reply.header("Location");
    Optional<String> target = normalizer.resolve(task.url(), location);
    if (target.isEmpty()) {
      return result(
          draft, OutcomeKind.HTTP_ERROR, "redirect without a crawlable Location: " + location);
    }
    // Never followed here: the target goes back to the frontier for dedup, scope and politeness.
    UrlCandidate candidate =
        new UrlCandidate(
            task.crawlId(),
            target.get(),
            task.depth(),
            UrlSource.REDIRECT,
            task.url(),
            null,
            0,
            null);
    FetchOutcome outcome =
        draft
            .redirectTarget(target.get())
            .finish(OutcomeKind.REDIRECTED, "HTTP " + reply.status(), clock.instant());
    return finished(new TaskResult(outcome, Optional.empty(), Optional.of(candidate)));
  }

  private TaskResult failed(OutcomeDraft draft, Throwable failure) {
    String detail = Failures.describe(failure);
    if (Failures.causedBy(failure, BlockedAddressException.class)) {
      return result(draft, OutcomeKind.BLOCKED_ADDRESS, detail);
    }
    if (Failures.causedBy(failure, UnsupportedEncodingException.class)) {
      return result(draft, OutcomeKind.UNSUPPORTED_TYPE, detail);
    }
    return result(draft, OutcomeKind.NETWORK_ERROR, detail);
  }

  private static FetchedPage page(FetchTask task, HttpReply reply, MediaType media, Instant now) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : PAGE_HEADERS) {
      List<String> values = reply.headers().getValuesList(name);
      if (!values.isEmpty()) {
        headers.put(name, String.join(", ", values));
      }
    }
    return new FetchedPage(
        task.crawlId(),
        task.url(),
        task.depth(),
        reply.status(),
        headers,
        media.type(),
        media.charset(),
        reply.body(),
        reply.truncated(),
        now);
  }

  private boolean isAllowed(String mediaType) {
    return mediaType != null && config.allowedContentTypes().contains(mediaType);
  }

  private CompletableFuture<TaskResult> done(OutcomeDraft draft, OutcomeKind kind, String detail) {
    return CompletableFuture.completedFuture(result(draft, kind, detail));
  }

  private TaskResult result(OutcomeDraft draft, OutcomeKind kind, String detail) {
    return finished(TaskResult.of(draft.finish(kind, detail, clock.instant())));
  }

  private TaskResult finished(TaskResult result) {
    FetchOutcome outcome = result.outcome();
    metrics.finished(outcome.kind(), Duration.ofMillis(outcome.durationMs()));
    return result;
  }

  private static URI httpUri(String url) throws URISyntaxException {
    URI uri = new URI(url);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new URISyntaxException(url, "not an http(s) URL");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new URISyntaxException(url, "no host");
    }
    return uri;
  }

  private static String firstNonNull(String first, String second) {
    return first != null ? first : second;
  }
}
