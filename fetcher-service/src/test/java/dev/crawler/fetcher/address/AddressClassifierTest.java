package dev.crawler.fetcher.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressClassifierTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "127.0.0.1, LOOPBACK",
    "127.255.0.9, LOOPBACK",
    "10.1.2.3, PRIVATE",
    "172.16.0.1, PRIVATE",
    "172.31.255.255, PRIVATE",
    "172.32.0.1, PUBLIC",
    "192.168.1.1, PRIVATE",
    "169.254.169.254, LINK_LOCAL",
    "100.64.0.1, SHARED",
    "100.128.0.1, PUBLIC",
    "224.0.0.1, MULTICAST",
    "0.0.0.0, UNSPECIFIED",
    "255.255.255.255, BROADCAST",
    "240.0.0.1, RESERVED",
    "192.0.2.7, RESERVED",
    "198.18.0.1, RESERVED",
    "8.8.8.8, PUBLIC",
    "93.184.216.34, PUBLIC",
    "::1, LOOPBACK",
    "::, UNSPECIFIED",
    "fc00::1, PRIVATE",
    "fd12:3456::1, PRIVATE",
    "fe80::1, LINK_LOCAL",
    "ff02::1, MULTICAST",
    "::ffff:127.0.0.1, LOOPBACK",
    "::ffff:8.8.8.8, PUBLIC",
    "::127.0.0.1, RESERVED",
    "64:ff9b::a9fe:a9fe, LINK_LOCAL",
    "64:ff9b::808:808, PUBLIC",
    "2002:c0a8:0101::1, PRIVATE",
    "2001:db8::1, RESERVED",
    "2001::1, RESERVED",
    "2606:4700::1111, PUBLIC",
  })
  void classifiesAddressesByTheirSpecialPurposeRange(String literal, AddressRange expected)
      throws UnknownHostException {
    assertThat(AddressClassifier.classify(InetAddress.getByName(literal))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} means {1}")
  @CsvSource({
    "2130706433, 127.0.0.1",
    "0x7f000001, 127.0.0.1",
    "0177.0.0.1, 127.0.0.1",
    "0x7f.1, 127.0.0.1",
    "127.1, 127.0.0.1",
    "169.254.43518, 169.254.169.254",
    "8.8.8.8., 8.8.8.8",
  })
  void readsNumericHostsLikeBrowsersDo(String host, String address) throws UnknownHostException {
    assertThat(NumericHost.parse(host)).contains(InetAddress.getByName(address));
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com", "alpha.test", "1.2.3.4.5", "0x7g.0.0.1", "a.1"})
  void leavesHostNamesToDns(String host) throws UnknownHostException {
    assertThat(NumericHost.parse(host)).isEmpty();
  }

  @Test
  void refusesNumericHostsOutOfRange() {
    assertThatThrownBy(() -> NumericHost.parse("256.1.1.1"))
        .isInstanceOf(UnknownHostException.class);
    assertThatThrownBy(() -> NumericHost.parse("4294967296"))
        .isInstanceOf(UnknownHostException.class);
  }

  @Test
  void policyRefusesNonPublicAddressesUnlessAllowed() throws UnknownHostException {
    InetAddress loopback = InetAddress.getByName("127.0.0.5");
    InetAddress metadata = InetAddress.getByName("169.254.169.254");

    assertThat(new AddressPolicy(false, List.of()).refusal(loopback))
        .hasValue("127.0.0.5 is loopback");
    assertThat(new AddressPolicy(false, List.of(Cidr.parse("127.0.0.0/8"))).refusal(loopback))
        .isEmpty();
    assertThat(new AddressPolicy(false, List.of(Cidr.parse("127.0.0.0/8"))).refusal(metadata))
        .hasValue("169.254.169.254 is link-local");
    assertThat(new AddressPolicy(true, List.of()).refusal(metadata)).isEmpty();
    assertThat(new AddressPolicy(false, List.of()).refusal(InetAddress.getByName("8.8.8.8")))
        .isEmpty();
  }

  @Test
  void cidrRangesMatchByPrefixAndRefuseHostNames() throws UnknownHostException {
    Cidr range = Cidr.parse("10.20.0.0/16");

    assertThat(range.contains(InetAddress.getByName("10.20.99.1"))).isTrue();
    assertThat(range.contains(InetAddress.getByName("10.21.0.1"))).isFalse();
    assertThat(Cidr.parse("fd00::/8").contains(InetAddress.getByName("fd12::1"))).isTrue();
    assertThat(Cidr.parse("10.20.30.40/16")).isEqualTo(range);
    assertThatThrownBy(() -> Cidr.parse("localhost/8"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hostOverridesNeedNumericAddresses() {
    assertThat(HostOverrides.parse(List.of("Alpha.test=127.0.0.5")).addressOf("alpha.test"))
        .isPresent();
    assertThatThrownBy(() -> HostOverrides.parse(List.of("alpha.test=localhost")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HostOverrides.parse(List.of("alpha.test")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
