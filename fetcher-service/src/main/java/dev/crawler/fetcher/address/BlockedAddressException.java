package dev.crawler.fetcher.address;

import java.net.UnknownHostException;

/**
 * A host that resolves only to addresses the {@link AddressPolicy} refuses. It is an {@link
 * UnknownHostException} because, for the HTTP client, the host has no address it may use.
 */
public final class BlockedAddressException extends UnknownHostException {

  public BlockedAddressException(String message) {
    super(message);
  }
}
