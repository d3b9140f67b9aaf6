package dev.hookmesh.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.http.internal.IpLiteral;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Builds test addresses from literals without ever touching DNS. */
final class Addresses {
  private Addresses() {}

  /** Parses a literal IP; fails the test instead of resolving a name. */
  static InetAddress ip(String literal) {
    InetAddress address = IpLiteral.parse(literal);
    assertThat(address).as("literal IP %s", literal).isNotNull();
    return address;
  }

  /**
   * Wraps an IPv4 literal in an IPv6 prefix, keeping the IPv6 form (InetAddress would turn
   * ::ffff:a.b.c.d back into IPv4).
   */
  static InetAddress embed(String ipv6Prefix, String ipv4, int offset, boolean inverted) {
    byte[] bytes = new byte[16];
    byte[] prefix = ip(ipv6Prefix).getAddress();
    if (prefix.length == 4) { // ::ffff:0:0 itself came back as IPv4 0.0.0.0
      bytes[10] = (byte) 0xff;
      bytes[11] = (byte) 0xff;
    } else {
      bytes = prefix;
    }
    byte[] v4 = ip(ipv4).getAddress();
    for (int i = 0; i < 4; i++) {
      bytes[offset + i] = (byte) (inverted ? ~v4[i] : v4[i]);
    }
    try {
      return Inet6Address.getByAddress(null, bytes, -1);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
