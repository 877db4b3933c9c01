package dev.crawler.frontier.scope;

import dev.crawler.common.messages.CrawlJob;
import dev.crawler.common.messages.UrlSource;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The admission rules of one crawl, compiled once: depth, scope, include and exclude patterns, and
 * the trap guards. Budgets depend on counts and are checked by the scheduler. Immutable and
 * thread-safe.
 *
 * <p>Seeds and injected URLs were chosen by a person, so they skip scope and patterns (the scope is
 * defined by the seeds in the first place); trap guards still apply.
 */
public final class CrawlRules {

  private final int maxDepth;
  private final CrawlScope scope;
  private final List<Pattern> include;
  private final List<Pattern> exclude;
  private final TrapGuard traps;

  private CrawlRules(CrawlJob job, TrapGuard traps) {
    this.maxDepth = job.maxDepth();
    this.scope = CrawlScope.of(job.scope(), job.seeds());
    this.include = job.include().stream().map(Pattern::compile).toList();
    this.exclude = job.exclude().stream().map(Pattern::compile).toList();
    this.traps = traps;
  }

  /**
   * The rules of a crawl.
   *
   * @throws java.util.regex.PatternSyntaxException if a pattern does not compile (the API refuses
   *     such crawls, so only a hand-written crawl record can carry one)
   */
  public static CrawlRules of(CrawlJob job, TrapGuard traps) {
    return new CrawlRules(job, traps);
  }

  /** Why a normalised URL at a depth is refused, or empty if it may be queued. */
  public Optional<Refusal> judge(String url, int depth, UrlSource source) {
    if (depth > maxDepth) {
      return Optional.of(Refusal.TOO_DEEP);
    }
    Optional<Refusal> trap = traps.check(url);
    if (trap.isPresent()) {
      return trap;
    }
    if (source == UrlSource.SEED || source == UrlSource.INJECTED) {
      return Optional.empty();
    }
    if (!scope.contains(url)) {
      return Optional.of(Refusal.OUT_OF_SCOPE);
    }
    if (!include.isEmpty() && include.stream().noneMatch(p -> p.matcher(url).find())) {
      return Optional.of(Refusal.NOT_INCLUDED);
    }
    if (exclude.stream().anyMatch(p -> p.matcher(url).find())) {
      return Optional.of(Refusal.EXCLUDED);
    }
    return Optional.empty();
  }
}
