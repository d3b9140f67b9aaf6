package dev.hookmesh.http.internal;

import dev.hookmesh.http.SsrfPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Dns;

/**
 * A {@link Dns} that resolves with a delegate and lets OkHttp connect only to addresses the
 * {@link SsrfPolicy} allows.
 *
 * <p>A host that is a literal IP in any notation ({@code 0x7f000001}, {@code 127.1}) is never
 * sent to the delegate. If any address of an answer is refused, the whole lookup is refused:
 * dropping the refused ones would hide a rebinding attempt that mixes public and private
 * answers. The addresses returned are exactly the ones checked, labelled with the host name so
 * the socket-level check can match allow-listed names; OkHttp does not resolve again.
 *
 * <p>Equality is identity on purpose: OkHttp's connection pool reuses a connection only for an
 * equal {@code Dns}, so clients with different policies never share connections.
 */
public final class GuardedDns implements Dns {
  private final SsrfPolicy policy;
  private final Dns delegate;

  /**
   * Creates a guarded resolver.
   *
   * @param policy the policy every address is checked against
   * @param delegate the resolver that answers host names
   */
  public GuardedDns(SsrfPolicy policy, Dns delegate) {
    this.policy = policy;
    this.delegate = delegate;
  }

  @Override
  public List<InetAddress> lookup(String hostname) throws UnknownHostException {
    InetAddress literal = IpLiteral.parse(hostname);
    List<InetAddress> answer = literal != null ? List.of(literal) : delegate.lookup(hostname);
    List<InetAddress> checked = new ArrayList<>(answer.size());
    for (InetAddress address : answer) {
      policy.check(hostname, address);
      checked.add(IpLiteral.withHostName(hostname, address));
    }
    return List.copyOf(checked);
  }

  @Override
  public String toString() {
    return "GuardedDns{" + policy + ", delegate=" + delegate + "}";
  }
}
