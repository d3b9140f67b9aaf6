package dev.hookmesh.http;

import static dev.hookmesh.http.Addresses.embed;
import static dev.hookmesh.http.Addresses.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressClassTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "127.0.0.1, LOOPBACK", "127.255.255.254, LOOPBACK", "::1, LOOPBACK",
      "10.0.0.1, PRIVATE", "10.255.255.255, PRIVATE", "172.16.0.1, PRIVATE", "172.31.255.255, PRIVATE",
      "192.168.1.1, PRIVATE", "fec0::1, PRIVATE",
      "169.254.169.254, LINK_LOCAL", "169.254.0.1, LINK_LOCAL", "fe80::1, LINK_LOCAL", "febf::1, LINK_LOCAL",
      "100.64.0.1, CGNAT", "100.127.255.255, CGNAT",
      "224.0.0.1, MULTICAST", "239.255.255.250, MULTICAST", "ff02::1, MULTICAST",
      "0.0.0.0, UNSPECIFIED", "0.1.2.3, UNSPECIFIED", "::, UNSPECIFIED",
      "fc00::1, UNIQUE_LOCAL", "fd00:ec2::254, UNIQUE_LOCAL",
      "255.255.255.255, BROADCAST",
      "240.0.0.1, RESERVED", "255.255.255.254, RESERVED", "192.0.0.8, RESERVED", "192.0.2.1, RESERVED",
      "192.88.99.1, RESERVED", "198.18.0.1, RESERVED", "198.19.255.255, RESERVED",
      "198.51.100.7, RESERVED", "203.0.113.9, RESERVED", "2001:db8::1, RESERVED", "2001:2::1, RESERVED",
      "3fff::1, RESERVED", "100::1, RESERVED", "64:ff9b:1::1, RESERVED", "4000::1, RESERVED", "::2:0:0:1, RESERVED",
      "93.184.216.34, PUBLIC", "8.8.8.8, PUBLIC", "172.32.0.1, PUBLIC", "172.15.255.255, PUBLIC",
      "100.128.0.1, PUBLIC", "192.169.0.1, PUBLIC", "198.20.0.1, PUBLIC", "223.255.255.255, PUBLIC",
      "2606:4700::1111, PUBLIC", "2a00:1450:4001::200e, PUBLIC",
  })
  void classifiesAddressesByRange(String address, AddressClass expected) {
    assertThat(AddressClass.of(ip(address))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} carried in {1} is {2}")
  @CsvSource({
      "127.0.0.1, ::ffff:0:0, 12, LOOPBACK", "10.1.2.3, ::ffff:0:0, 12, PRIVATE",
      "169.254.169.254, ::ffff:0:0, 12, LINK_LOCAL", "100.64.0.1, ::ffff:0:0, 12, CGNAT",
      "224.0.0.1, ::ffff:0:0, 12, MULTICAST", "0.0.0.0, ::ffff:0:0, 12, UNSPECIFIED",
      "255.255.255.255, ::ffff:0:0, 12, BROADCAST", "240.0.0.1, ::ffff:0:0, 12, RESERVED",
      "8.8.8.8, ::ffff:0:0, 12, PUBLIC",
      "127.0.0.1, ::, 12, LOOPBACK", "192.168.0.1, ::, 12, PRIVATE", "169.254.169.254, ::, 12, LINK_LOCAL",
      "100.64.0.1, ::, 12, CGNAT", "224.0.0.1, ::, 12, MULTICAST", "0.1.0.0, ::, 12, UNSPECIFIED",
      "127.0.0.1, ::ffff:0:0:0, 12, LOOPBACK", "172.16.0.1, ::ffff:0:0:0, 12, PRIVATE",
      "127.0.0.1, 64:ff9b::, 12, LOOPBACK", "10.0.0.1, 64:ff9b::, 12, PRIVATE",
      "169.254.169.254, 64:ff9b::, 12, LINK_LOCAL", "8.8.8.8, 64:ff9b::, 12, PUBLIC",
      "127.0.0.1, 2002::, 2, LOOPBACK", "192.168.0.1, 2002::, 2, PRIVATE",
      "169.254.169.254, 2002::, 2, LINK_LOCAL", "100.64.0.1, 2002::, 2, CGNAT", "8.8.8.8, 2002::, 2, PUBLIC",
  })
  void classifiesIpv6ByTheIpv4AddressItCarries(String ipv4, String prefix, int offset, AddressClass expected) {
    assertThat(AddressClass.of(embed(prefix, ipv4, offset, false))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "Teredo client {0} is {1}")
  @CsvSource({"127.0.0.1, LOOPBACK", "10.0.0.1, PRIVATE", "169.254.169.254, LINK_LOCAL", "8.8.8.8, PUBLIC"})
  void classifiesTeredoByItsObfuscatedClientAddress(String client, AddressClass expected) {
    assertThat(AddressClass.of(embed("2001:0:4136:e378::", client, 12, true))).isEqualTo(expected);
  }

  @Test
  void keepsIpv4MappedAddressesInIpv6FormInTheseTests() {
    assertThat(embed("::ffff:0:0", "127.0.0.1", 12, false)).isInstanceOf(Inet6Address.class);
  }

  @Test
  void onlyPublicIsPublic() {
    for (AddressClass addressClass : AddressClass.values()) {
      assertThat(addressClass.isPublic()).isEqualTo(addressClass == AddressClass.PUBLIC);
    }
  }

  @Test
  void describesLinkLocalAsIncludingCloudMetadata() {
    assertThat(AddressClass.LINK_LOCAL.description()).contains("cloud metadata");
  }
}
