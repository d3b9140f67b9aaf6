package dev.hookmesh.http;

import dev.hookmesh.http.internal.IpLiteral;
import dev.hookmesh.retry.NonRetryableException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when the SSRF guard refuses a call: the endpoint resolves to a non-public address that
 * is not allow-listed, or it is plain HTTP under an HTTPS-only {@link SsrfPolicy}.
 *
 * <p>It extends {@link UnknownHostException} because that is what OkHttp's {@code Dns.lookup}
 * may throw, so OkHttp passes it to the caller unchanged, whichever layer of the guard refused.
 * It is not a transient DNS failure: a retry would be refused again, so check for this type
 * before treating an {@code UnknownHostException} as retryable. {@link #reason()} tells which
 * rule refused; the message says how to allow the endpoint if it is trusted.
 */
public final class SsrfException extends UnknownHostException implements NonRetryableException {
  private static final long serialVersionUID = 1L;

  /** Which rule of the {@link SsrfPolicy} refused the call. */
  public enum Reason {
    /** The host is, or resolves to, a non-public address that is not allow-listed. */
    ADDRESS_REFUSED,
    /** The URL is {@code http:} and the policy is {@link SsrfPolicy#httpsOnly() HTTPS-only}. */
    HTTPS_REQUIRED
  }

  private final Reason reason;
  private final String host;
  private final @Nullable InetAddress address;
  private final @Nullable AddressClass addressClass;

  private SsrfException(String message, Reason reason, String host,
      @Nullable InetAddress address, @Nullable AddressClass addressClass) {
    super(message);
    this.reason = reason;
    this.host = host;
    this.address = address;
    this.addressClass = addressClass;
  }

  static SsrfException addressRefused(String host, InetAddress address, AddressClass addressClass) {
    String literal = IpLiteral.format(address);
    String range = literal + (address.getAddress().length == 4 ? "/32" : "/128");
    String forHost = host.equalsIgnoreCase(literal) ? "" : " for host " + host;
    return new SsrfException("Refused to connect to " + literal + " (" + addressClass.description()
        + ")" + forHost + ": non-public addresses are blocked by Hookmesh's SSRF guard. Allow-list"
        + " it with SsrfPolicy.builder().allow(\"" + range + "\") if this endpoint is trusted.",
        Reason.ADDRESS_REFUSED, host, address, addressClass);
  }

  static SsrfException httpsRequired(String host) {
    return new SsrfException("Refused plain-HTTP request to host " + host + ": the SsrfPolicy is"
        + " HTTPS-only. Use an https:// endpoint URL, or build the policy with httpsOnly(false)"
        + " if plain HTTP to this endpoint is acceptable.",
        Reason.HTTPS_REQUIRED, host, null, null);
  }

  /**
   * Returns which rule refused the call.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  /**
   * Returns the host of the refused URL, as written in the URL.
   *
   * @return e.g. {@code "metadata.example"} or {@code "169.254.169.254"}
   */
  public String host() {
    return host;
  }

  /**
   * Returns the refused address.
   *
   * @return the address, or {@code null} when the reason is {@link Reason#HTTPS_REQUIRED}
   */
  public @Nullable InetAddress address() {
    return address;
  }

  /**
   * Returns the class of the refused address, which says why it was refused.
   *
   * @return the class, or {@code null} when the reason is {@link Reason#HTTPS_REQUIRED}
   */
  public @Nullable AddressClass addressClass() {
    return addressClass;
  }
}
