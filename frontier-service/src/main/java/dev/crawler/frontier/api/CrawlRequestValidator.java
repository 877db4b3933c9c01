package dev.crawler.frontier.api;

import dev.crawler.common.messages.CrawlJob;
import dev.crawler.common.messages.CrawlState;
import dev.crawler.common.url.UrlNormalizer;
import dev.crawler.frontier.FrontierProperties;
import dev.crawler.frontier.FrontierProperties.CrawlDefaults;
import dev.crawler.frontier.FrontierProperties.RequestLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.springframework.stereotype.Component;

/**
 * Turns requests into crawls: fills in the configured defaults and checks every field against the
 * configured limits, collecting all problems so that a client fixes them in one round.
 */
@Component
class CrawlRequestValidator {

  /** A year: longer recrawl intervals are almost certainly a unit mistake. */
  private static final long MAX_RECRAWL_MINUTES = 525_600;

  private final CrawlDefaults defaults;
  private final RequestLimits limits;
  private final long maxDelayMs;
  private final boolean warcAvailable;
  private final UrlNormalizer normalizer = UrlNormalizer.standard();

  CrawlRequestValidator(FrontierProperties settings) {
    this.defaults = settings.defaults();
    this.limits = settings.limits();
    this.maxDelayMs = settings.maxHostDelay().toMillis();
    this.warcAvailable = settings.warcAvailable();
  }

  /** The crawl a request defines, running from {@code now}. */
  CrawlJob toCrawl(CreateCrawlRequest request, String id, Instant now) {
    List<FieldError> errors = new ArrayList<>();
    String name = request.name();
    if (name != null && name.length() > limits.maxNameLength()) {
      errors.add(new FieldError("name", "must be at most " + limits.maxNameLength() + " chars"));
    }
    List<String> seeds = urls(request.seeds(), "seeds", errors);
    int maxDepth = orDefault(request.maxDepth(), defaults.maxDepth());
    check(
        maxDepth >= 0 && maxDepth <= limits.maxDepth(),
        "maxDepth",
        range(0, limits.maxDepth()),
        errors);
    long maxPages = orDefault(request.maxPages(), defaults.maxPages());
    check(maxPages >= 0, "maxPages", "must not be negative (0: unlimited)", errors);
    long maxPagesPerHost = orDefault(request.maxPagesPerHost(), defaults.maxPagesPerHost());
    check(maxPagesPerHost >= 0, "maxPagesPerHost", "must not be negative (0: unlimited)", errors);
    long minDelayMs = orDefault(request.minDelayMs(), defaults.minDelay().toMillis());
    check(minDelayMs >= 0 && minDelayMs <= maxDelayMs, "minDelayMs", range(0, maxDelayMs), errors);
    int concurrency = orDefault(request.maxConcurrencyPerHost(), defaults.maxConcurrencyPerHost());
    check(
        concurrency >= 1 && concurrency <= limits.maxConcurrencyPerHost(),
        "maxConcurrencyPerHost",
        range(1, limits.maxConcurrencyPerHost()),
        errors);
    long recrawl =
        orDefault(request.recrawlIntervalMinutes(), defaults.recrawlInterval().toMinutes());
    check(
        recrawl >= 0 && recrawl <= MAX_RECRAWL_MINUTES,
        "recrawlIntervalMinutes",
        range(0, MAX_RECRAWL_MINUTES) + " (0: never)",
        errors);
    List<String> include = patterns(request.include(), "include", errors);
    List<String> exclude = patterns(request.exclude(), "exclude", errors);
    boolean warc = orDefault(request.warc(), defaults.warc());
    // Refused up front: a crawl that ran without the archive it asked for cannot be run again.
    check(
        !warc || warcAvailable,
        "warc",
        "cannot be true: this crawler keeps no WARC files (its fetchers need"
            + " crawler.fetcher.warc.directory, and the frontier crawler.frontier.warc-available)",
        errors);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    return new CrawlJob(
        id,
        name,
        seeds,
        request.scope() == null ? defaults.scope() : request.scope(),
        include,
        exclude,
        maxDepth,
        maxPages,
        maxPagesPerHost,
        minDelayMs,
        concurrency,
        recrawl,
        CrawlState.RUNNING,
        now,
        now,
        request.learnTraps(),
        warc);
  }

  /** The normalised, distinct URLs of an injection request. */
  List<String> toUrls(InjectUrlsRequest request) {
    List<FieldError> errors = new ArrayList<>();
    List<String> urls = urls(request.urls(), "urls", errors);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    return urls;
  }

  private List<String> urls(List<String> given, String field, List<FieldError> errors) {
    if (given == null || given.isEmpty()) {
      errors.add(new FieldError(field, "must contain at least one URL"));
      return List.of();
    }
    if (given.size() > limits.maxSeeds()) {
      errors.add(new FieldError(field, "must contain at most " + limits.maxSeeds() + " URLs"));
      return List.of();
    }
    Set<String> normalized = new LinkedHashSet<>();
    for (int i = 0; i < given.size(); i++) {
      String url = given.get(i);
      var normal = normalizer.normalize(url);
      if (normal.isEmpty()) {
        errors.add(
            new FieldError(
                field + "[" + i + "]",
                "must be an absolute http or https URL with a host, at most "
                    + UrlNormalizer.DEFAULT_MAX_LENGTH
                    + " chars, was "
                    + abbreviate(url)));
      } else {
        normalized.add(normal.get());
      }
    }
    return List.copyOf(normalized);
  }

  private List<String> patterns(List<String> given, String field, List<FieldError> errors) {
    if (given == null) {
      return List.of();
    }
    if (given.size() > limits.maxPatterns()) {
      errors.add(
          new FieldError(field, "must contain at most " + limits.maxPatterns() + " patterns"));
      return List.of();
    }
    for (int i = 0; i < given.size(); i++) {
      String pattern = given.get(i);
      String at = field + "[" + i + "]";
      if (pattern == null || pattern.isEmpty()) {
        errors.add(new FieldError(at, "must be a non-empty regular expression"));
      } else if (pattern.length() > limits.maxPatternLength()) {
        errors.add(new FieldError(at, "must be at most " + limits.maxPatternLength() + " chars"));
      } else {
        try {
          Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
          errors.add(
              new FieldError(
                  at,
                  "is not a valid regular expression: "
                      + e.getDescription()
                      + " near index "
                      + e.getIndex()));
        }
      }
    }
    return List.copyOf(given);
  }

  private static void check(boolean valid, String field, String message, List<FieldError> errors) {
    if (!valid) {
      errors.add(new FieldError(field, message));
    }
  }

  private static String range(long min, long max) {
    return "must be between " + min + " and " + max;
  }

  private static <T> T orDefault(T value, T fallback) {
    return value == null ? fallback : value;
  }

  private static String abbreviate(String url) {
    if (url == null) {
      return "null";
    }
    return url.length() <= 100 ? "\"" + url + "\"" : "\"" + url.substring(0, 100) + "...\"";
  }
}
