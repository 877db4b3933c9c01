package dev.crawler.frontier.scheduling;

/**
 * One host's share of a crawl on the task that owns it, as the progress topic carries it: what the
 * crawl has queued and in flight there, and how troubled the host is.
 *
 * @param host the politeness key
 * @param queued the crawl's URLs queued on the host
 * @param inFlight the crawl's URLs leased to fetchers on the host
 * @param errorLevel the host's error level (0: healthy; up by one per failure it is to blame for)
 * @param backoffUntilMs when the host's back-off ends (epoch ms; 0: never backed off)
 */
public record HostLoad(
    String host, long queued, long inFlight, int errorLevel, long backoffUntilMs) {

  /** Whether the host is backed off at {@code nowMs} or still failing more than it answers. */
  public boolean troubled(long nowMs) {
    return errorLevel > 0 || backoffUntilMs > nowMs;
  }
}
