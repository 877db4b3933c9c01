package dev.crawler.fetcher.address;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Sorts IP addresses into {@link AddressRange}s after the IANA special-purpose registries (RFC 6890
 * and updates). IPv6 forms that embed an IPv4 address (IPv4-mapped, NAT64 64:ff9b::/96, 6to4) are
 * judged by the embedded address, so {@code ::ffff:127.0.0.1} is loopback.
 */
public final class AddressClassifier {

  private AddressClassifier() {}

  /** The range of an address. */
  public static AddressRange classify(InetAddress address) {
    return switch (address) {
      case Inet4Address v4 -> classify4(v4.getAddress());
      case Inet6Address v6 -> classify6(v6.getAddress());
      default -> AddressRange.RESERVED;
    };
  }

  private static AddressRange classify4(byte[] a) {
    int b0 = a[0] & 0xff;
    int b1 = a[1] & 0xff;
    int b2 = a[2] & 0xff;
    if (b0 == 0) {
      return AddressRange.UNSPECIFIED;
    }
    if (b0 == 127) {
      return AddressRange.LOOPBACK;
    }
    if (b0 == 10 || (b0 == 172 && (b1 & 0xf0) == 16) || (b0 == 192 && b1 == 168)) {
      return AddressRange.PRIVATE;
    }
    if (b0 == 169 && b1 == 254) {
      return AddressRange.LINK_LOCAL;
    }
    if (b0 == 100 && (b1 & 0xc0) == 64) {
      return AddressRange.SHARED;
    }
    if (b0 >= 224 && b0 <= 239) {
      return AddressRange.MULTICAST;
    }
    if (b0 == 255 && b1 == 255 && b2 == 255 && (a[3] & 0xff) == 255) {
      return AddressRange.BROADCAST;
    }
    boolean reserved =
        b0 >= 240 // future use
            || (b0 == 192 && b1 == 0 && (b2 == 0 || b2 == 2)) // protocol assignments, TEST-NET-1
            || (b0 == 192 && b1 == 88 && b2 == 99) // 6to4 relay anycast (deprecated)
            || (b0 == 198 && (b1 == 18 || b1 == 19)) // benchmarking
            || (b0 == 198 && b1 == 51 && b2 == 100) // TEST-NET-2
            || (b0 == 203 && b1 == 0 && b2 == 113); // TEST-NET-3
    return reserved ? AddressRange.RESERVED : AddressRange.PUBLIC;
  }

  private static AddressRange classify6(byte[] a) {
    if (isZero(a, 0, 16)) {
      return AddressRange.UNSPECIFIED;
    }
    if (isZero(a, 0, 15) && a[15] == 1) {
      return AddressRange.LOOPBACK;
    }
    if (isZero(a, 0, 10) && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) {
      return classify4(Arrays.copyOfRange(a, 12, 16)); // IPv4-mapped ::ffff:0:0/96
    }
    if (isZero(a, 0, 12)) {
      return AddressRange.RESERVED; // IPv4-compatible ::/96, deprecated by RFC 4291
    }
    int w0 = word(a, 0);
    int w1 = word(a, 1);
    if (w0 == 0x64 && w1 == 0xff9b && isZero(a, 4, 12)) {
      return classify4(Arrays.copyOfRange(a, 12, 16)); // NAT64 well-known prefix (RFC 6052)
    }
    if (w0 == 0x64 && w1 == 0xff9b && word(a, 2) == 1) {
      return AddressRange.PRIVATE; // NAT64 local-use prefix (RFC 8215)
    }
    if (w0 == 0x2002) {
      return classify4(Arrays.copyOfRange(a, 2, 6)); // 6to4 (RFC 3056)
    }
    if ((w0 & 0xfe00) == 0xfc00 || (w0 & 0xffc0) == 0xfec0) {
      return AddressRange.PRIVATE; // unique local fc00::/7, deprecated site-local fec0::/10
    }
    if ((w0 & 0xffc0) == 0xfe80) {
      return AddressRange.LINK_LOCAL;
    }
    if ((w0 & 0xff00) == 0xff00) {
      return AddressRange.MULTICAST;
    }
    boolean reserved =
        (w0 & 0xe000) != 0x2000 // outside global unicast 2000::/3
            || (w0 == 0x2001 && w1 == 0) // Teredo hides an IPv4 address
            || (w0 == 0x2001 && w1 == 0x0db8) // documentation
            || (w0 == 0x2001 && (w1 & 0xfff0) == 0x0010) // ORCHIDv1 (deprecated)
            || (w0 == 0x2001 && (w1 & 0xfff0) == 0x0020); // ORCHIDv2
    return reserved ? AddressRange.RESERVED : AddressRange.PUBLIC;
  }

  /** The address of a literal that is known to be numeric; no DNS lookup happens. */
  static InetAddress ofBytes(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + bytes.length, e);
    }
  }

  private static int word(byte[] a, int index) {
    return ((a[2 * index] & 0xff) << 8) | (a[2 * index + 1] & 0xff);
  }

  private static boolean isZero(byte[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
