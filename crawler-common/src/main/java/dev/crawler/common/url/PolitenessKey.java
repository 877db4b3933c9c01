package dev.crawler.common.url;

import crawlercommons.domains.EffectiveTldFinder;
import java.util.Locale;

/**
 * How URLs are grouped for politeness. Every topic that carries per-host work is keyed by the
 * politeness key, so one frontier task owns all the work of a key and spaces its fetches.
 */
public enum PolitenessKey {
  /** One key per lower-cased host name: {@code a.example.com} and {@code b.example.com} differ. */
  HOST,
  /**
   * One key per registered domain (public suffix + 1, from crawler-commons' {@link
   * EffectiveTldFinder}): {@code a.example.co.uk} and {@code b.example.co.uk} share {@code
   * example.co.uk}. Stricter, for sites that serve many subdomains from one server.
   */
  REGISTERED_DOMAIN;

  /**
   * The politeness key of a URL.
   *
   * @throws IllegalArgumentException if the URL has no host
   */
  public String of(String url) {
    return ofHost(
        UrlNormalizer.hostOf(url)
            .orElseThrow(() -> new IllegalArgumentException("URL has no host: " + url)));
  }

  /** The politeness key of a host name. */
  public String ofHost(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    if (this == HOST || isIpLiteral(lower)) {
      return lower;
    }
    // Non-strict: an unknown suffix keeps its last two labels rather than failing.
    String domain = EffectiveTldFinder.getAssignedDomain(lower, false, false);
    return domain == null || domain.isEmpty() ? lower : domain;
  }

  private static boolean isIpLiteral(String host) {
    return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
  }
}
