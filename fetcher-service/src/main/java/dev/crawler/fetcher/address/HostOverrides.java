package dev.crawler.fetcher.address;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Host names answered from configuration instead of DNS, like curl's {@code --resolve}: for tests
 * and private deployments that name their own hosts. Overridden addresses still pass the {@link
 * AddressPolicy}.
 */
public final class HostOverrides {

  private final Map<String, InetAddress> addresses;

  private HostOverrides(Map<String, InetAddress> addresses) {
    this.addresses = Map.copyOf(addresses);
  }

  /**
   * Overrides from {@code host=address} entries.
   *
   * @throws IllegalArgumentException if an entry is malformed or its address is not numeric
   */
  public static HostOverrides parse(List<String> entries) {
    Map<String, InetAddress> addresses = new HashMap<>();
    for (String entry : entries) {
      int equals = entry.indexOf('=');
      if (equals <= 0 || equals == entry.length() - 1) {
        throw new IllegalArgumentException("host override must be host=address: " + entry);
      }
      String host = entry.substring(0, equals).strip().toLowerCase(Locale.ROOT);
      InetAddress previous = addresses.put(host, Cidr.literal(entry.substring(equals + 1)));
      if (previous != null) {
        throw new IllegalArgumentException("host override given twice for " + host);
      }
    }
    return new HostOverrides(addresses);
  }

  /** The configured address of a lower-case host, if any. */
  public Optional<InetAddress> addressOf(String host) {
    return Optional.ofNullable(addresses.get(host));
  }
}
