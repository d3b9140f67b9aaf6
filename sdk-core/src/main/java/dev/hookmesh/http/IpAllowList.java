package dev.hookmesh.http;

import dev.hookmesh.http.internal.Cidr;
import dev.hookmesh.http.internal.IpLiteral;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The addresses a webhook endpoint accepts requests from: CIDR ranges such as the ones a
 * provider publishes for its senders. Immutable; every range is checked when it is built, so a
 * typo fails at start-up and not as a refused webhook.
 *
 * <pre>{@code
 * IpAllowList github = IpAllowList.of(List.of("192.30.252.0/22", "185.199.108.0/22"));
 * boolean ok = github.allows(InetAddress.getByName("192.30.252.10"));
 * }</pre>
 *
 * <p>An empty list allows every address.
 */
public final class IpAllowList {

  private static final IpAllowList ANY = new IpAllowList(List.of());

  private final List<Cidr> ranges;

  private IpAllowList(List<Cidr> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  /**
   * The list that allows every address.
   *
   * @return an empty list
   */
  public static IpAllowList any() {
    return ANY;
  }

  /**
   * A list of ranges.
   *
   * @param ranges CIDR ranges or single addresses, such as {@code 10.0.0.0/8} or
   *     {@code 2001:db8::/32}
   * @return the list; {@link #any()} when {@code ranges} is empty
   * @throws IllegalArgumentException naming the first entry that is not a range or address
   */
  public static IpAllowList of(List<String> ranges) {
    List<Cidr> parsed = new ArrayList<>(ranges.size());
    for (String range : ranges) {
      parsed.add(Cidr.parse(Objects.requireNonNull(range, "range").strip()));
    }
    return parsed.isEmpty() ? ANY : new IpAllowList(parsed);
  }

  /**
   * Whether the list allows every address.
   *
   * @return {@code true} for an empty list
   */
  public boolean allowsAll() {
    return ranges.isEmpty();
  }

  /**
   * Whether an address is allowed. An IPv4-mapped IPv6 address is checked as its IPv4 address.
   *
   * @param address the peer's address
   * @return {@code true} if it lies in a range, or the list is empty
   */
  public boolean allows(InetAddress address) {
    if (ranges.isEmpty()) {
      return true;
    }
    InetAddress checked = unmapped(address);
    for (Cidr range : ranges) {
      if (range.contains(checked)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether an address written as an IP literal is allowed, as a server reports its peer. It
   * is read without any DNS lookup: anything that is not an address literal is refused, unless
   * the list is empty.
   *
   * @param address such as {@code 192.30.252.10} or {@code 2001:db8::1}, or {@code null} when
   *     the peer is unknown
   * @return {@code true} if it is an allowed address, or the list is empty
   */
  public boolean allows(@Nullable String address) {
    if (ranges.isEmpty()) {
      return true;
    }
    InetAddress literal = address == null ? null : IpLiteral.parse(address.strip());
    return literal != null && allows(literal);
  }

  // ::ffff:a.b.c.d, as a dual-stack socket may report an IPv4 peer, is a.b.c.d.
  private static InetAddress unmapped(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length != 16) {
      return address;
    }
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return address;
      }
    }
    if (bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
      return address;
    }
    try {
      return InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16));
    } catch (UnknownHostException impossible) {
      return address;
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof IpAllowList list && ranges.equals(list.ranges);
  }

  @Override
  public int hashCode() {
    return ranges.hashCode();
  }

  @Override
  public String toString() {
    return "IpAllowList" + ranges;
  }
}
