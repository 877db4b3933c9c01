package dev.crawler.testsupport.web;

import java.time.Duration;
import java.time.Instant;

/**
 * One request as it arrived at a {@link TestWeb} site, before any latency was added.
 *
 * @param host the site that served it (from the Host header, else from the address it came to)
 * @param path path with query, as sent
 * @param method HTTP method
 * @param userAgent User-Agent header, or {@code null}
 * @param arrival wall-clock arrival time
 * @param arrivalNanos {@link System#nanoTime()} at arrival, for precise gaps
 */
public record LoggedRequest(
    String host, String path, String method, String userAgent, Instant arrival, long arrivalNanos) {

  /** Time from this request's arrival to a later one's. */
  public Duration gapTo(LoggedRequest later) {
    return Duration.ofNanos(later.arrivalNanos - arrivalNanos);
  }

  /** Whether this is a fetch of robots.txt, which crawlers do not space like page fetches. */
  public boolean isRobotsTxt() {
    return path.equals("/robots.txt") || path.startsWith("/robots.txt?");
  }
}
