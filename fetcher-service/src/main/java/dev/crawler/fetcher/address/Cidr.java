package dev.crawler.fetcher.address;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * An address range in CIDR notation, such as {@code 127.0.0.0/8} or {@code fd00::/8}.
 *
 * @param network the network address, host bits cleared
 * @param prefixLength the number of leading bits that must match
 */
public record Cidr(byte[] network, int prefixLength) {

  public Cidr {
    network = network.clone();
  }

  /**
   * A range from its text.
   *
   * @throws IllegalArgumentException if the text is not {@code address/prefix} with a numeric
   *     address (no host names: a range must not depend on DNS)
   */
  public static Cidr parse(String text) {
    String value = text.strip();
    int slash = value.indexOf('/');
    String literal = slash < 0 ? value : value.substring(0, slash);
    byte[] address = literal(literal).getAddress();
    int bits = address.length * 8;
    int prefix;
    try {
      prefix = slash < 0 ? bits : Integer.parseInt(value.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a CIDR range: " + text, e);
    }
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException("prefix length out of range in " + text);
    }
    return new Cidr(masked(address, prefix), prefix);
  }

  /** Whether the range holds an address (of the same family). */
  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    return bytes.length == network.length && Arrays.equals(masked(bytes, prefixLength), network);
  }

  /**
   * The address of a canonical IPv4 or IPv6 literal.
   *
   * @throws IllegalArgumentException if the text is not such a literal (no host names: an address
   *     in configuration must not depend on DNS)
   */
  public static InetAddress literal(String text) {
    String value = text.strip();
    boolean numeric =
        value.indexOf(':') >= 0
            ? value.matches("[0-9A-Fa-f:.]+")
            : value.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    if (!numeric) {
      throw new IllegalArgumentException("not a numeric IP address: " + text);
    }
    try {
      return InetAddress.getByName(value);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("not a numeric IP address: " + text, e);
    }
  }

  private static byte[] masked(byte[] address, int prefix) {
    byte[] result = address.clone();
    for (int i = 0; i < result.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - 8 * i));
      result[i] &= (byte) (0xff << (8 - keep));
    }
    return result;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Cidr cidr
        && prefixLength == cidr.prefixLength
        && Arrays.equals(network, cidr.network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefixLength;
  }

  @Override
  public String toString() {
    return AddressClassifier.ofBytes(network).getHostAddress() + "/" + prefixLength;
  }
}
