package dev.crawler.frontier.scheduling;

/**
 * One host's share of a crawl on the task that owns it, as the progress topic carries it: what the
 * crawl has queued and in flight there, how many of its URLs failed there, and how troubled the
 * host is.
 *
 * @param host the politeness key
 * @param queued the crawl's URLs queued on the host
 * @param inFlight the crawl's URLs leased to fetchers on the host
 * @param errorLevel the host's error level (0: healthy; up by one per failure it is to blame for)
 * @param backoffUntilMs when the host's back-off ends (epoch ms; 0: never backed off)
 * @param failed the crawl's URLs given up on the host (HTTP errors, refused content, retries
 *     exhausted), as the crawl's {@code failed} counter counts them; 0 in records of older releases
 */
public record HostLoad(
    String host, long queued, long inFlight, int errorLevel, long backoffUntilMs, long failed) {

  /** A host with no failed URLs. */
  public HostLoad(String host, long queued, long inFlight, int errorLevel, long backoffUntilMs) {
    this(host, queued, inFlight, errorLevel, backoffUntilMs, 0);
  }

  /** Whether the host is backed off at {@code nowMs} or still failing more than it answers. */
  public boolean troubled(long nowMs) {
    return errorLevel > 0 || backoffUntilMs > nowMs;
  }
}
