package dev.hookmesh.http.internal;

import dev.hookmesh.http.SsrfPolicy;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Checks each request URL against the {@link SsrfPolicy} with
 * {@link SsrfPolicy#check(okhttp3.HttpUrl)}: the scheme for HTTPS-only, and a literal-IP host in
 * whatever notation it is written. Installed as an application interceptor it refuses the first
 * request before any connection; as a network interceptor it sees every redirect hop before
 * the request is sent.
 */
public final class RequestGuard implements Interceptor {
  private final SsrfPolicy policy;

  /**
   * Creates the interceptor.
   *
   * @param policy the policy each URL is checked against
   */
  public RequestGuard(SsrfPolicy policy) {
    this.policy = policy;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    policy.check(chain.request().url());
    return chain.proceed(chain.request());
  }

  @Override
  public String toString() {
    return "RequestGuard{" + policy + "}";
  }
}
