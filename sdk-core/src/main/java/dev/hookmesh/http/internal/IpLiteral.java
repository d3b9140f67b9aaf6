package dev.hookmesh.http.internal;

import dev.hookmesh.internal.Encoding;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads a URL host as a literal IP address the way browsers (WHATWG URL) and {@code inet_aton}
 * do, so the guard classifies the address a host string really means, and formats addresses
 * compactly for messages.
 *
 * <p>IPv4 accepts one to four dot-separated parts, each decimal, octal ({@code 0177}) or hex
 * ({@code 0x7f}); the last part fills the remaining bytes: {@code 127.1}, {@code 0x7f.1},
 * {@code 2130706433} all mean 127.0.0.1. One trailing dot is ignored, as browsers do. IPv6 is
 * accepted with or without brackets. Nothing here ever queries DNS.
 */
public final class IpLiteral {
  private IpLiteral() {}

  /**
   * Returns the address {@code host} spells as a literal, or {@code null} if it is a host name.
   *
   * @param host a URL host, e.g. {@code "0x7f000001"}, {@code "[::1]"} or {@code "example.com"}
   * @return the literal's address, or {@code null} when {@code host} is not an IP literal
   */
  public static @Nullable InetAddress parse(String host) {
    String text = host.startsWith("[") && host.endsWith("]")
        ? host.substring(1, host.length() - 1)
        : host;
    if (text.indexOf(':') >= 0) {
      return parseIpv6(text);
    }
    Long ipv4 = parseIpv4(text);
    return ipv4 == null ? null : ipv4Address(ipv4.intValue());
  }

  /**
   * Formats an address for people: dotted decimal for IPv4, RFC 5952 compressed form for IPv6.
   *
   * @param address any address
   * @return e.g. {@code "169.254.169.254"} or {@code "fe80::1"}
   */
  public static String format(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length == 4) {
      return address.getHostAddress();
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    // RFC 5952: compress the longest run of two or more zero groups, the first one on a tie.
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }

  private static @Nullable InetAddress parseIpv6(String text) {
    // Only hex digits, colons and an embedded dotted quad: InetAddress then parses without DNS.
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean hexDigit = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hexDigit && c != ':' && c != '.') {
        return null;
      }
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static @Nullable Long parseIpv4(String host) {
    String text = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (text.isEmpty()) {
      return null;
    }
    String[] parts = text.split("\\.", -1);
    if (parts.length > 4) {
      return null;
    }
    long value = 0;
    for (int i = 0; i < parts.length; i++) {
      Long part = parseNumber(parts[i]);
      boolean last = i == parts.length - 1;
      long limit = last ? (1L << (8 * (4 - i))) - 1 : 255;
      if (part == null || part > limit) {
        return null;
      }
      value = last ? (value << (8 * (4 - i))) | part : (value << 8) | part;
    }
    return value;
  }

  private static @Nullable Long parseNumber(String part) {
    if (part.isEmpty()) {
      return null;
    }
    String lower = part.toLowerCase(Locale.ROOT);
    int radix = 10;
    String digits = lower;
    if (lower.startsWith("0x")) {
      radix = 16;
      digits = lower.substring(2);
    } else if (lower.length() > 1 && lower.startsWith("0")) {
      radix = 8;
      digits = lower.substring(1);
    }
    long value = 0;
    for (int i = 0; i < digits.length(); i++) {
      int digit = Encoding.hexDigit(digits.charAt(i));
      if (digit < 0 || digit >= radix) {
        return null;
      }
      value = value * radix + digit;
      if (value > 0xFFFF_FFFFL) {
        return null;
      }
    }
    return value;
  }

  private static InetAddress ipv4Address(int value) {
    byte[] bytes = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    return byAddress(null, bytes);
  }

  /**
   * Builds an address from raw bytes, optionally labelled with the host name it was resolved
   * for. Never queries DNS.
   *
   * @param hostName the name to attach, or {@code null}
   * @param bytes four or sixteen address bytes
   * @return the address
   */
  public static InetAddress byAddress(@Nullable String hostName, byte[] bytes) {
    try {
      return InetAddress.getByAddress(hostName, bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("An IP address has 4 or 16 bytes, not " + bytes.length, e);
    }
  }

  /**
   * Returns {@code address} labelled with {@code hostName}, keeping an IPv6 scope.
   *
   * @param hostName the name the address was resolved for
   * @param address the resolved address
   * @return an equal address whose host name is {@code hostName}
   */
  public static InetAddress withHostName(String hostName, InetAddress address) {
    if (address instanceof Inet6Address ipv6 && ipv6.getScopeId() != 0) {
      try {
        return Inet6Address.getByAddress(hostName, ipv6.getAddress(), ipv6.getScopeId());
      } catch (UnknownHostException e) {
        throw new IllegalStateException("An IPv6 address always has 16 bytes", e);
      }
    }
    return byAddress(hostName, address.getAddress());
  }
}
