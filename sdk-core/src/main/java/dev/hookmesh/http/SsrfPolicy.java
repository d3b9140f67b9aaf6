package dev.hookmesh.http;

import dev.hookmesh.http.internal.Cidr;
import dev.hookmesh.http.internal.GuardedDns;
import dev.hookmesh.http.internal.GuardedSocketFactory;
import dev.hookmesh.http.internal.HostPattern;
import dev.hookmesh.http.internal.IpLiteral;
import dev.hookmesh.http.internal.RequestGuard;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * Which destinations webhook calls may reach: the SSRF guard's configuration. An immutable
 * value; build it with {@link #builder()} or take {@link #defaults()}.
 *
 * <p>By default only {@link AddressClass#PUBLIC public} addresses are reachable, so an endpoint
 * URL cannot make the sender call its own network (loopback, private ranges, the cloud metadata
 * service at 169.254.169.254, and so on). Trusted internal endpoints are allow-listed by CIDR
 * range or host name. Plain HTTP is allowed by default, as most webhook senders allow it;
 * {@link Builder#httpsOnly(boolean) httpsOnly(true)} is recommended in production.
 *
 * <pre>{@code
 * SsrfPolicy policy = SsrfPolicy.builder()
 *     .allow("10.1.2.0/24")
 *     .allow("hooks.internal.example")
 *     .httpsOnly(true)
 *     .build();
 * OkHttpClient client = policy.applyTo(new OkHttpClient.Builder()).build();
 * }</pre>
 */
public final class SsrfPolicy {
  private static final SsrfPolicy DEFAULTS = builder().build();
  private static final SsrfPolicy DISABLED = builder().enabled(false).build();

  private final boolean enabled;
  private final boolean httpsOnly;
  private final List<Cidr> allowedRanges;
  private final List<HostPattern> allowedHosts;

  private SsrfPolicy(Builder builder) {
    this.enabled = builder.enabled;
    this.httpsOnly = builder.httpsOnly;
    this.allowedRanges = List.copyOf(builder.allowedRanges);
    this.allowedHosts = List.copyOf(builder.allowedHosts);
  }

  /**
   * Returns the default policy: guard on, plain HTTP allowed, nothing allow-listed.
   *
   * @return the default policy
   */
  public static SsrfPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a policy with the guard turned off: every address is reachable. Dangerous outside
   * local development, because whoever controls an endpoint URL can then reach the sender's
   * own network; prefer allow-listing {@code 127.0.0.1/32} or {@code localhost}.
   *
   * @return the disabled policy
   */
  public static SsrfPolicy disabled() {
    return DISABLED;
  }

  /**
   * Starts a policy from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a builder holding this policy's settings, to derive a variant.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder builder = new Builder().enabled(enabled).httpsOnly(httpsOnly);
    builder.allowedRanges.addAll(allowedRanges);
    builder.allowedHosts.addAll(allowedHosts);
    return builder;
  }

  /**
   * Tells whether the guard is on.
   *
   * @return {@code false} only for a policy built with {@code enabled(false)}
   */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Tells whether plain {@code http:} URLs are refused.
   *
   * @return {@code true} if only {@code https:} is allowed
   */
  public boolean httpsOnly() {
    return httpsOnly;
  }

  /**
   * Returns the allow-list in canonical form: CIDR ranges first, then host names.
   *
   * @return e.g. {@code ["10.0.0.0/8", "::1/128", "hooks.internal.example"]}
   */
  public List<String> allowList() {
    List<String> entries = new ArrayList<>();
    allowedRanges.forEach(range -> entries.add(range.toString()));
    allowedHosts.forEach(host -> entries.add(host.toString()));
    return List.copyOf(entries);
  }

  /**
   * Checks a URL before anything is resolved or connected: its scheme against
   * {@link #httpsOnly()} and, if its host is a literal IP address in any notation (such as
   * {@code 2130706433} or {@code 0x7f.1}), that address. A host name passes here; its addresses
   * are checked when it is resolved. Useful to reject an endpoint URL when it is registered.
   *
   * @param url the URL to check
   * @throws SsrfException if the policy refuses the URL
   */
  public void check(HttpUrl url) throws SsrfException {
    if (!enabled) {
      return;
    }
    if (httpsOnly && !url.isHttps()) {
      throw SsrfException.httpsRequired(url.host());
    }
    InetAddress literal = IpLiteral.parse(url.host());
    if (literal != null) {
      check(url.host(), literal);
    }
  }

  /**
   * Checks one address that {@code host} resolved to. Allowed when the guard is off, the host
   * matches an allow-listed name, the address lies in an allow-listed range, or the address is
   * {@link AddressClass#PUBLIC public}.
   *
   * @param host the host being connected to, as written in the URL
   * @param address one address it resolved to
   * @throws SsrfException if the policy refuses the address
   */
  public void check(String host, InetAddress address) throws SsrfException {
    if (!enabled
        || allowedHosts.stream().anyMatch(pattern -> pattern.matches(host))
        || allowedRanges.stream().anyMatch(range -> range.contains(address))) {
      return;
    }
    AddressClass addressClass = AddressClass.of(address);
    if (!addressClass.isPublic()) {
      throw SsrfException.addressRefused(host, address, addressClass);
    }
  }

  /**
   * Installs this policy into an OkHttp client builder, resolving names with {@link Dns#SYSTEM}.
   * Same as {@link #applyTo(OkHttpClient.Builder, Dns) applyTo(builder, Dns.SYSTEM)}.
   *
   * @param builder the builder to configure
   * @return {@code builder}, for chaining
   */
  public OkHttpClient.Builder applyTo(OkHttpClient.Builder builder) {
    return applyTo(builder, Dns.SYSTEM);
  }

  /**
   * Installs this policy into an OkHttp client builder. Call it after any other
   * {@code dns(...)} or {@code socketFactory(...)} setting, which would otherwise replace the
   * guard. It sets:
   *
   * <ul>
   *   <li>a {@code Dns} that resolves with {@code resolver}, checks every address of the answer
   *       and refuses the whole lookup if any one is refused (a mix of public and private
   *       answers is a DNS-rebinding trick), then hands OkHttp exactly the checked addresses,
   *       so nothing is resolved a second time;
   *   <li>a socket factory whose sockets check the address right before connecting: the last
   *       line of defence, covering literal-IP hosts, which OkHttp never passes to {@code Dns},
   *       and every redirect hop;
   *   <li>an application and a network interceptor that check each request URL (scheme and
   *       literal-IP host in any notation) before it is sent.
   * </ul>
   *
   * <p>A disabled policy installs only {@code resolver}. Through an HTTP proxy, OkHttp resolves
   * and connects to the proxy, not the endpoint: the guard then checks the proxy's address
   * (allow-list it) and literal-IP endpoint hosts, and the proxy must enforce its own egress
   * rules for host names. SOCKS proxies are not checked at connect time.
   *
   * @param builder the builder to configure
   * @param resolver the name resolver to wrap, such as {@link Dns#SYSTEM}
   * @return {@code builder}, for chaining
   */
  public OkHttpClient.Builder applyTo(OkHttpClient.Builder builder, Dns resolver) {
    if (!enabled) {
      return builder.dns(resolver);
    }
    RequestGuard requestGuard = new RequestGuard(this);
    return builder
        .dns(new GuardedDns(this, resolver))
        .socketFactory(new GuardedSocketFactory(this))
        .addInterceptor(requestGuard)
        .addNetworkInterceptor(requestGuard);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof SsrfPolicy that
        && enabled == that.enabled
        && httpsOnly == that.httpsOnly
        && allowedRanges.equals(that.allowedRanges)
        && allowedHosts.equals(that.allowedHosts);
  }

  @Override
  public int hashCode() {
    int result = Boolean.hashCode(enabled);
    result = 31 * result + Boolean.hashCode(httpsOnly);
    result = 31 * result + allowedRanges.hashCode();
    return 31 * result + allowedHosts.hashCode();
  }

  /** Returns e.g. {@code SsrfPolicy{enabled=true, httpsOnly=false, allow=[127.0.0.1/32]}}. */
  @Override
  public String toString() {
    return "SsrfPolicy{enabled=" + enabled + ", httpsOnly=" + httpsOnly + ", allow=" + allowList() + "}";
  }

  /** Builds an {@link SsrfPolicy}; starts from the {@link SsrfPolicy#defaults() defaults}. */
  public static final class Builder {
    private boolean enabled = true;
    private boolean httpsOnly;
    private final Set<Cidr> allowedRanges = new LinkedHashSet<>();
    private final Set<HostPattern> allowedHosts = new LinkedHashSet<>();

    private Builder() {}

    /**
     * Allow-lists a trusted destination: a CIDR range or single address ({@code 10.0.0.0/8},
     * {@code 127.0.0.1/32}, {@code ::1/128}, {@code 192.168.1.20}), or a host name matched
     * exactly and case-insensitively ({@code localhost}, {@code hooks.internal.example}) or as a
     * wildcard over its subdomains ({@code *.internal.example}). An allow-listed host name may
     * resolve to any address, so its DNS must be trusted.
     *
     * @param cidrOrHost a CIDR range, an IP address or a host name
     * @return this builder
     * @throws IllegalArgumentException if {@code cidrOrHost} is none of these, with what to fix
     */
    public Builder allow(String cidrOrHost) {
      String entry = cidrOrHost.strip();
      if (entry.contains("://")) {
        throw new IllegalArgumentException("\"" + cidrOrHost + "\" is a URL; allow-list its host"
            + " (hooks.internal.example) or a CIDR range (10.0.0.0/8) instead");
      }
      String beforeSlash = entry.contains("/") ? entry.substring(0, entry.indexOf('/')) : entry;
      if (entry.contains("/") || entry.contains(":") || IpLiteral.parse(beforeSlash) != null) {
        allowedRanges.add(Cidr.parse(entry));
      } else {
        allowedHosts.add(HostPattern.parse(entry));
      }
      return this;
    }

    /**
     * Refuses plain {@code http:} URLs, on the first request and on every redirect. Off by
     * default, since many webhook receivers still use plain HTTP; recommended in production.
     *
     * @param httpsOnly {@code true} to allow only {@code https:}
     * @return this builder
     */
    public Builder httpsOnly(boolean httpsOnly) {
      this.httpsOnly = httpsOnly;
      return this;
    }

    /**
     * Turns the guard on or off. On by default. Turning it off is dangerous outside local
     * development: see {@link SsrfPolicy#disabled()}.
     *
     * @param enabled {@code false} to let calls reach any address
     * @return this builder
     */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return an immutable policy
     */
    public SsrfPolicy build() {
      return new SsrfPolicy(this);
    }
  }
}
