package dev.crawler.fetcher.address;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Reads a host name the way browsers and C resolvers read numbers: the WHATWG URL Standard's IPv4
 * parser, where {@code 2130706433}, {@code 0x7f000001}, {@code 0177.0.0.1} and {@code 127.1} all
 * mean 127.0.0.1. Java's own parser disagrees on some of these (it reads {@code 0177.0.0.1} as
 * 177.0.0.1), and an SSRF guard that reads a host differently from the software that finally
 * connects is no guard; the resolver connects to exactly the address read here.
 */
public final class NumericHost {

  private static final BigInteger BYTE_LIMIT = BigInteger.valueOf(256);

  private NumericHost() {}

  /**
   * The IPv4 address a numeric host denotes, or empty if the host is a name.
   *
   * @throws UnknownHostException if the host is numeric but out of range, such as {@code 256.1.1.1}
   */
  public static Optional<InetAddress> parse(String host) throws UnknownHostException {
    String[] parts = host.split("\\.", -1);
    int count = parts.length;
    if (count > 1 && parts[count - 1].isEmpty()) {
      count--; // a trailing dot names the same host
    }
    if (count > 4) {
      return Optional.empty();
    }
    BigInteger[] numbers = new BigInteger[count];
    for (int i = 0; i < count; i++) {
      numbers[i] = number(parts[i]);
      if (numbers[i] == null) {
        return Optional.empty();
      }
    }
    for (int i = 0; i < count - 1; i++) {
      if (numbers[i].compareTo(BYTE_LIMIT) >= 0) {
        throw new UnknownHostException("numeric host out of range: " + host);
      }
    }
    BigInteger last = numbers[count - 1];
    if (last.compareTo(BYTE_LIMIT.pow(5 - count)) >= 0) {
      throw new UnknownHostException("numeric host out of range: " + host);
    }
    long value = last.longValue();
    for (int i = 0; i < count - 1; i++) {
      value += numbers[i].longValue() << (8 * (3 - i));
    }
    byte[] bytes = {
      (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
    };
    return Optional.of(AddressClassifier.ofBytes(bytes));
  }

  private static BigInteger number(String part) {
    String digits = part;
    int radix = 10;
    if (part.length() >= 2 && (part.startsWith("0x") || part.startsWith("0X"))) {
      digits = part.substring(2);
      radix = 16;
    } else if (part.length() >= 2 && part.startsWith("0")) {
      digits = part.substring(1);
      radix = 8;
    }
    if (digits.isEmpty()) {
      return part.isEmpty() ? null : BigInteger.ZERO; // "0x" is zero in the standard
    }
    for (int i = 0; i < digits.length(); i++) {
      if (Character.digit(digits.charAt(i), radix) < 0) {
        return null;
      }
    }
    return new BigInteger(digits, radix);
  }
}
