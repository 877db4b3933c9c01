package dev.crawler.frontier.api;

import dev.crawler.frontier.scheduling.HostLoad;
import java.time.Instant;

/**
 * One host of a crawl as the API shows it.
 *
 * @param host the host (politeness key)
 * @param queued the crawl's URLs queued on it
 * @param inFlight the crawl's URLs leased to fetchers on it
 * @param errorLevel how troubled it is: up by one per failure it is to blame for (429, 5xx, network
 *     errors), down by one per normal answer; 0 is healthy
 * @param backedOffUntil when its back-off ends, or null when it is not backed off
 * @param failed the crawl's URLs given up on it (HTTP errors, refused content, retries exhausted),
 *     counted as the crawl's {@code failed} counter; kept after the crawl has nothing left there
 */
public record HostView(
    String host, long queued, long inFlight, int errorLevel, Instant backedOffUntil, long failed) {

  static HostView of(HostLoad load, Instant now) {
    Instant until = Instant.ofEpochMilli(load.backoffUntilMs());
    return new HostView(
        load.host(),
        load.queued(),
        load.inFlight(),
        load.errorLevel(),
        until.isAfter(now) ? until : null,
        load.failed());
  }
}
