package dev.hookmesh.http.internal;

import dev.hookmesh.http.SsrfPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import javax.net.SocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * Makes plain sockets that check the {@link SsrfPolicy} right before connecting. This is the
 * guard's last line: OkHttp connects to literal-IP hosts (and redirects to them) without asking
 * {@code Dns}, and a {@code Dns} set after the guard would bypass it, but every direct or
 * HTTP-proxy connection goes through this factory.
 */
public final class GuardedSocketFactory extends SocketFactory {
  private final SsrfPolicy policy;

  /**
   * Creates a factory.
   *
   * @param policy the policy each connect address is checked against
   */
  public GuardedSocketFactory(SsrfPolicy policy) {
    this.policy = policy;
  }

  @Override
  public Socket createSocket() {
    return new GuardedSocket(policy);
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(null, new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return connected(new InetSocketAddress(localHost, localPort), new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(null, new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return connected(new InetSocketAddress(localHost, localPort), new InetSocketAddress(host, port));
  }

  private Socket connected(@Nullable InetSocketAddress local, InetSocketAddress remote) throws IOException {
    Socket socket = createSocket();
    try {
      if (local != null) {
        socket.bind(local);
      }
      socket.connect(remote);
      return socket;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  @Override
  public String toString() {
    return "GuardedSocketFactory{" + policy + "}";
  }

  /** A socket that refuses to connect where the policy forbids. */
  private static final class GuardedSocket extends Socket {
    private final SsrfPolicy policy;

    GuardedSocket(SsrfPolicy policy) {
      this.policy = policy;
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      if (endpoint instanceof InetSocketAddress remote && !remote.isUnresolved()) {
        // getHostString() never does a reverse lookup; it is the name GuardedDns attached, if any.
        policy.check(remote.getHostString(), remote.getAddress());
      }
      super.connect(endpoint, timeout);
    }
  }
}
