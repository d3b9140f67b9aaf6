package dev.hookmesh.http.internal;

import java.net.IDN;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A host name on an allow-list: an exact name such as {@code hooks.internal.example}, or a
 * wildcard {@code *.example.com} that matches every name below {@code example.com} (but not
 * {@code example.com} itself). Matching ignores case and one trailing dot; internationalised
 * names are compared in their ASCII (punycode) form, as OkHttp's {@code HttpUrl} holds them.
 */
public final class HostPattern {
  private final String name;
  private final boolean wildcard;

  private HostPattern(String name, boolean wildcard) {
    this.name = name;
    this.wildcard = wildcard;
  }

  /**
   * Parses a host name or a {@code *.}-prefixed wildcard.
   *
   * @param text e.g. {@code "localhost"} or {@code "*.internal.example"}
   * @return the pattern
   * @throws IllegalArgumentException if {@code text} is not a valid host name
   */
  public static HostPattern parse(String text) {
    boolean wildcard = text.startsWith("*.");
    String name = normalize(wildcard ? text.substring(2) : text);
    if (name == null || !name.matches("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*")) {
      throw new IllegalArgumentException("\"" + text + "\" is not a host name; allow-list a host"
          + " such as hooks.internal.example, a wildcard such as *.internal.example, or a CIDR"
          + " range such as 10.0.0.0/8 (no scheme, port or path)");
    }
    return new HostPattern(name, wildcard);
  }

  /**
   * Tells whether {@code host} is this name, or for a wildcard lies below it.
   *
   * @param host a host as it appears in a URL
   * @return {@code true} on a match
   */
  public boolean matches(String host) {
    String candidate = normalize(host);
    if (candidate == null) {
      return false;
    }
    return wildcard ? candidate.endsWith("." + name) : candidate.equals(name);
  }

  private static @Nullable String normalize(String host) {
    String trimmed = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    try {
      return IDN.toASCII(trimmed, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof HostPattern that && wildcard == that.wildcard && name.equals(that.name);
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + Boolean.hashCode(wildcard);
  }

  /** Returns the pattern as written in canonical form, e.g. {@code "*.internal.example"}. */
  @Override
  public String toString() {
    return wildcard ? "*." + name : name;
  }
}
