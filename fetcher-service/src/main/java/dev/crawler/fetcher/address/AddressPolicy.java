package dev.crawler.fetcher.address;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses the fetcher may connect to: public ones, plus every address when private networks
 * are allowed, plus the allow-listed ranges.
 */
public final class AddressPolicy {

  private final boolean allowPrivateNetworks;
  private final List<Cidr> allowedRanges;

  /**
   * @param allowPrivateNetworks whether every address is allowed
   * @param allowedRanges ranges allowed although they are not public
   */
  public AddressPolicy(boolean allowPrivateNetworks, List<Cidr> allowedRanges) {
    this.allowPrivateNetworks = allowPrivateNetworks;
    this.allowedRanges = List.copyOf(allowedRanges);
  }

  /** Why an address is refused, or empty if it may be connected to. */
  public Optional<String> refusal(InetAddress address) {
    if (allowPrivateNetworks || allowedRanges.stream().anyMatch(r -> r.contains(address))) {
      return Optional.empty();
    }
    AddressRange range = AddressClassifier.classify(address);
    return range == AddressRange.PUBLIC
        ? Optional.empty()
        : Optional.of(address.getHostAddress() + " is " + range.label());
  }
}
