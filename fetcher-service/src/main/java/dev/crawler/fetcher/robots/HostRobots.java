package dev.crawler.fetcher.robots;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRules.RobotRulesMode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one host's robots.txt says for our agent, cached per origin for {@link #ttl()}. Sitemaps are
 * handed out once per robots fetch: the first task to {@link #claimSitemaps()} carries them in its
 * outcome, so the frontier hears of them once, not once per page.
 */
public final class HostRobots {

  /** Why the rules are what they are. */
  public enum Source {
    /** A 2xx robots.txt was parsed. */
    PARSED,
    /** robots.txt is unavailable (4xx, or too many redirects): everything is allowed. */
    UNAVAILABLE,
    /** robots.txt is unreachable (5xx, 429, network error): nothing is allowed for now. */
    UNREACHABLE,
    /** The host resolves only to addresses the SSRF guard refuses. */
    BLOCKED
  }

  private final Source source;
  private final BaseRobotRules rules;
  private final Duration ttl;
  private final String detail;
  private final AtomicBoolean sitemapsClaimed = new AtomicBoolean();

  private HostRobots(Source source, BaseRobotRules rules, Duration ttl, String detail) {
    this.source = source;
    this.rules = rules;
    this.ttl = ttl;
    this.detail = detail;
  }

  static HostRobots parsed(BaseRobotRules rules, Duration ttl) {
    return new HostRobots(Source.PARSED, rules, ttl, null);
  }

  static HostRobots unavailable(Duration ttl, String detail) {
    return new HostRobots(
        Source.UNAVAILABLE, new SimpleRobotRules(RobotRulesMode.ALLOW_ALL), ttl, detail);
  }

  static HostRobots unreachable(Duration ttl, String detail) {
    return new HostRobots(
        Source.UNREACHABLE, new SimpleRobotRules(RobotRulesMode.ALLOW_NONE), ttl, detail);
  }

  static HostRobots blocked(Duration ttl, String detail) {
    return new HostRobots(
        Source.BLOCKED, new SimpleRobotRules(RobotRulesMode.ALLOW_NONE), ttl, detail);
  }

  public Source source() {
    return source;
  }

  /** Whether our agent may fetch a URL of this host. */
  public boolean allows(String url) {
    return rules.isAllowed(url);
  }

  /** The Crawl-delay in ms, or null if robots.txt set none. */
  public Long crawlDelayMs() {
    long delay = rules.getCrawlDelay();
    return delay == BaseRobotRules.UNSET_CRAWL_DELAY || delay < 0 ? null : delay;
  }

  /** How long these rules are trusted. */
  public Duration ttl() {
    return ttl;
  }

  /** Why robots.txt could not be used, for outcomes; null when it was parsed. */
  public String detail() {
    return detail;
  }

  /** The sitemaps robots.txt names, for the first caller only; empty for everyone else. */
  public List<String> claimSitemaps() {
    List<String> sitemaps = rules.getSitemaps();
    return !sitemaps.isEmpty() && sitemapsClaimed.compareAndSet(false, true)
        ? List.copyOf(sitemaps)
        : List.of();
  }
}
