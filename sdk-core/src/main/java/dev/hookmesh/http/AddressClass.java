package dev.hookmesh.http;

import dev.hookmesh.http.internal.Cidr;
import dev.hookmesh.http.internal.IpLiteral;
import java.net.InetAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What kind of network an IP address belongs to, and so why the SSRF guard refuses it or lets
 * it through. Only {@link #PUBLIC} is reachable by default; every other class needs an entry in
 * {@link SsrfPolicy.Builder#allow(String)}.
 *
 * <p>IPv6 addresses that carry an IPv4 address are classified by that IPv4 address, so
 * {@code ::ffff:127.0.0.1} is {@link #LOOPBACK} just like {@code 127.0.0.1}: IPv4-mapped
 * ({@code ::ffff:0:0/96}), IPv4-translated ({@code ::ffff:0:0:0/96}), IPv4-compatible
 * ({@code ::/96}), NAT64 ({@code 64:ff9b::/96}), 6to4 ({@code 2002::/16}) and Teredo
 * ({@code 2001::/32}, the obfuscated client address).
 *
 * <pre>{@code
 * AddressClass.of(InetAddress.getByName("169.254.169.254")); // LINK_LOCAL
 * }</pre>
 */
public enum AddressClass {
  /** 127.0.0.0/8 and ::1: this machine. */
  LOOPBACK("loopback"),
  /** 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, and the deprecated IPv6 site-local fec0::/10. */
  PRIVATE("private network"),
  /** 169.254.0.0/16 (including the cloud metadata service 169.254.169.254) and fe80::/10. */
  LINK_LOCAL("link-local, includes cloud metadata"),
  /** 100.64.0.0/10: carrier-grade NAT shared space, often internal cloud networks. */
  CGNAT("carrier-grade NAT"),
  /** 224.0.0.0/4 and ff00::/8. */
  MULTICAST("multicast"),
  /** 0.0.0.0/8 and ::, which many systems route to this machine. */
  UNSPECIFIED("unspecified, reaches this machine"),
  /** fc00::/7: IPv6 private networks (AWS serves metadata at fd00:ec2::254). */
  UNIQUE_LOCAL("IPv6 unique local"),
  /** 255.255.255.255. */
  BROADCAST("broadcast"),
  /**
   * Special-purpose ranges that are not public destinations: 240.0.0.0/4, IETF protocol
   * assignments 192.0.0.0/24, the old 6to4 relay 192.88.99.0/24, benchmarking 198.18.0.0/15
   * and 2001:2::/48, documentation 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
   * 2001:db8::/32 and 3fff::/20, IPv6 discard 100::/64, local-use NAT64 64:ff9b:1::/48,
   * and every IPv6 address outside global unicast 2000::/3.
   */
  RESERVED("reserved for special use"),
  /** Anything else: a globally routable address. */
  PUBLIC("public");

  // First match wins: 255.255.255.255 comes before 240.0.0.0/4.
  private static final List<Range> IPV4_RANGES = List.of(
      new Range("0.0.0.0/8", UNSPECIFIED),
      new Range("10.0.0.0/8", PRIVATE),
      new Range("100.64.0.0/10", CGNAT),
      new Range("127.0.0.0/8", LOOPBACK),
      new Range("169.254.0.0/16", LINK_LOCAL),
      new Range("172.16.0.0/12", PRIVATE),
      new Range("192.0.0.0/24", RESERVED),
      new Range("192.0.2.0/24", RESERVED),
      new Range("192.88.99.0/24", RESERVED),
      new Range("192.168.0.0/16", PRIVATE),
      new Range("198.18.0.0/15", RESERVED),
      new Range("198.51.100.0/24", RESERVED),
      new Range("203.0.113.0/24", RESERVED),
      new Range("224.0.0.0/4", MULTICAST),
      new Range("255.255.255.255/32", BROADCAST),
      new Range("240.0.0.0/4", RESERVED));

  // Checked after the ranges that embed IPv4; anything unmatched is RESERVED.
  private static final List<Range> IPV6_RANGES = List.of(
      new Range("::/128", UNSPECIFIED),
      new Range("::1/128", LOOPBACK),
      new Range("64:ff9b:1::/48", RESERVED),
      new Range("100::/64", RESERVED),
      new Range("2001:2::/48", RESERVED),
      new Range("2001:db8::/32", RESERVED),
      new Range("3fff::/20", RESERVED),
      new Range("fc00::/7", UNIQUE_LOCAL),
      new Range("fe80::/10", LINK_LOCAL),
      new Range("fec0::/10", PRIVATE),
      new Range("ff00::/8", MULTICAST),
      new Range("2000::/3", PUBLIC));

  private final String description;

  AddressClass(String description) {
    this.description = description;
  }

  /**
   * Classifies an address. Never queries DNS.
   *
   * @param address an IPv4 or IPv6 address
   * @return its class; {@link #PUBLIC} only for globally routable addresses
   */
  public static AddressClass of(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length == 4) {
      return firstMatch(IPV4_RANGES, address, PUBLIC);
    }
    byte[] embedded = embeddedIpv4(bytes);
    if (embedded != null) {
      return of(IpLiteral.byAddress(null, embedded));
    }
    return firstMatch(IPV6_RANGES, address, RESERVED);
  }

  /**
   * Tells whether addresses of this class are reachable without an allow-list entry.
   *
   * @return {@code true} only for {@link #PUBLIC}
   */
  public boolean isPublic() {
    return this == PUBLIC;
  }

  /**
   * Returns a short human description used in messages, e.g. {@code "link-local, includes cloud
   * metadata"}.
   *
   * @return the description
   */
  public String description() {
    return description;
  }

  private static AddressClass firstMatch(List<Range> ranges, InetAddress address, AddressClass otherwise) {
    for (Range range : ranges) {
      if (range.cidr.contains(address)) {
        return range.addressClass;
      }
    }
    return otherwise;
  }

  /** Returns the IPv4 address an IPv6 address carries, or {@code null} if it carries none. */
  private static byte @Nullable [] embeddedIpv4(byte[] v6) {
    int g0 = group(v6, 0);
    int g1 = group(v6, 1);
    boolean firstFiveZero = g0 == 0 && g1 == 0 && group(v6, 2) == 0 && group(v6, 3) == 0 && group(v6, 4) == 0;
    int g5 = group(v6, 5);
    boolean compatible = firstFiveZero && g5 == 0 && (group(v6, 6) != 0 || group(v6, 7) > 1);
    boolean mapped = firstFiveZero && g5 == 0xffff;
    boolean translated = g0 == 0 && g1 == 0 && group(v6, 2) == 0 && group(v6, 3) == 0
        && group(v6, 4) == 0xffff && g5 == 0;
    boolean nat64 = g0 == 0x64 && g1 == 0xff9b && group(v6, 2) == 0 && group(v6, 3) == 0
        && group(v6, 4) == 0 && g5 == 0;
    if (compatible || mapped || translated || nat64) {
      return slice(v6, 12, false);
    }
    if (g0 == 0x2002) {
      return slice(v6, 2, false);
    }
    if (g0 == 0x2001 && g1 == 0) {
      return slice(v6, 12, true);
    }
    return null;
  }

  private static int group(byte[] v6, int index) {
    return ((v6[2 * index] & 0xff) << 8) | (v6[2 * index + 1] & 0xff);
  }

  private static byte[] slice(byte[] v6, int from, boolean inverted) {
    byte[] v4 = new byte[4];
    for (int i = 0; i < 4; i++) {
      v4[i] = (byte) (inverted ? ~v6[from + i] : v6[from + i]);
    }
    return v4;
  }

  private record Range(Cidr cidr, AddressClass addressClass) {
    Range(String cidr, AddressClass addressClass) {
      this(Cidr.parse(cidr), addressClass);
    }
  }
}
