package dev.hookmesh.http.internal;

import java.net.InetAddress;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * An IPv4 or IPv6 address range in CIDR notation, such as {@code 10.0.0.0/8} or
 * {@code fc00::/7}. A bare address is a range of one: {@code 127.0.0.1} is
 * {@code 127.0.0.1/32}.
 */
public final class Cidr {
  private final byte[] network;
  private final int prefixLength;

  private Cidr(byte[] network, int prefixLength) {
    this.network = network;
    this.prefixLength = prefixLength;
  }

  /**
   * Parses CIDR notation.
   *
   * @param text e.g. {@code "10.0.0.0/8"}, {@code "::1/128"} or {@code "127.0.0.1"}
   * @return the range
   * @throws IllegalArgumentException if {@code text} is not an address with an optional prefix
   *     length, or has bits set after the prefix
   */
  public static Cidr parse(String text) {
    int slash = text.indexOf('/');
    String addressText = slash < 0 ? text : text.substring(0, slash);
    InetAddress address = IpLiteral.parse(addressText);
    boolean dottedDecimal = address == null
        || addressText.indexOf(':') >= 0
        || address.getHostAddress().equals(addressText);
    if (address == null || !dottedDecimal) {
      throw new IllegalArgumentException("\"" + text + "\" is not a CIDR range: write an IPv4 address"
          + " in dotted decimal or an IPv6 address, with an optional prefix length, e.g."
          + " 10.0.0.0/8 or fc00::/7");
    }
    byte[] bytes = address.getAddress();
    int maxPrefix = bytes.length * 8;
    int prefixLength = maxPrefix;
    if (slash >= 0) {
      String prefixText = text.substring(slash + 1);
      if (!prefixText.matches("[0-9]{1,3}") || Integer.parseInt(prefixText) > maxPrefix) {
        throw new IllegalArgumentException("\"" + text + "\" has prefix length \"" + prefixText
            + "\"; it must be a number from 0 to " + maxPrefix);
      }
      prefixLength = Integer.parseInt(prefixText);
    }
    Cidr range = new Cidr(bytes, prefixLength);
    byte[] masked = range.mask(bytes);
    if (!Arrays.equals(masked, bytes)) {
      throw new IllegalArgumentException("\"" + text + "\" has bits set after the /" + prefixLength
          + " prefix; did you mean " + IpLiteral.format(IpLiteral.byAddress(null, masked)) + "/"
          + prefixLength + "?");
    }
    return range;
  }

  /**
   * Tells whether {@code address} lies in this range. An IPv4 range never contains an IPv6
   * address, nor the other way round.
   *
   * @param address the address to test
   * @return {@code true} if the address is in the range
   */
  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    return bytes.length == network.length && Arrays.equals(mask(bytes), network);
  }

  private byte[] mask(byte[] bytes) {
    byte[] masked = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      int bitsInByte = Math.max(0, Math.min(8, prefixLength - 8 * i));
      masked[i] = (byte) (bytes[i] & (0xff00 >>> bitsInByte));
    }
    return masked;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof Cidr that
        && prefixLength == that.prefixLength
        && Arrays.equals(network, that.network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefixLength;
  }

  /** Returns the range in canonical CIDR notation, e.g. {@code "fc00::/7"}. */
  @Override
  public String toString() {
    return IpLiteral.format(IpLiteral.byAddress(null, network)) + "/" + prefixLength;
  }
}
