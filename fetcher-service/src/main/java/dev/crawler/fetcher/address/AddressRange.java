package dev.crawler.fetcher.address;

/**
 * What kind of network an IP address belongs to, as far as fetching from it is concerned. Only
 * {@link #PUBLIC} addresses are fetched by default; the others reach the crawler's own machine, its
 * cluster or cloud metadata services, or nothing routable at all.
 */
public enum AddressRange {
  PUBLIC,
  /** 127.0.0.0/8, ::1. */
  LOOPBACK,
  /** 10/8, 172.16/12, 192.168/16 (RFC 1918), fc00::/7 (RFC 4193), fec0::/10, 64:ff9b:1::/48. */
  PRIVATE,
  /** 169.254/16 (including the 169.254.169.254 metadata service), fe80::/10. */
  LINK_LOCAL,
  /** 100.64/10, carrier-grade NAT (RFC 6598). */
  SHARED,
  /** 224/4, ff00::/8. */
  MULTICAST,
  /** 0.0.0.0/8, ::. */
  UNSPECIFIED,
  /** 255.255.255.255. */
  BROADCAST,
  /**
   * Documentation, benchmarking, protocol-assignment and future-use ranges, deprecated IPv6
   * transition forms, and IPv6 outside global unicast 2000::/3.
   */
  RESERVED;

  /** A lower-case name for messages and metrics. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
