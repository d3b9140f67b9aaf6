package dev.hookmesh.spring;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Spring Security exchange matchers for the webhook endpoints of a WebFlux application: the
 * reactive counterpart of {@link HookmeshRequest}. The starter never opens the endpoints on its
 * own; say what they need:
 *
 * <pre>{@code
 * http.authorizeExchange(exchanges -> exchanges
 *     .matchers(HookmeshServerWebExchange.toWebhookEndpoints()).permitAll()
 *     .anyExchange().authenticated());
 * }</pre>
 *
 * <p>and set {@code hookmesh.receiver.security.csrf-exempt=true}, since senders cannot send a
 * CSRF token: each request's signature authenticates it instead.
 */
public final class HookmeshServerWebExchange {

  private HookmeshServerWebExchange() {}

  /**
   * Matches exchanges to every enabled webhook endpoint's path, whatever the method. The paths
   * are read from the exchange's application context's {@link WebhookEndpoints} on first use;
   * an exchange without an application context matches nothing.
   *
   * @return an exchange matcher
   */
  public static ServerWebExchangeMatcher toWebhookEndpoints() {
    return new WebhookEndpointsExchangeMatcher();
  }

  /** Looks the paths up lazily: security is configured before the endpoints bean may exist. */
  private static final class WebhookEndpointsExchangeMatcher implements ServerWebExchangeMatcher {

    /** The matcher built for one context; replaced when an exchange comes from another. */
    private record ForContext(@Nullable ApplicationContext context,
        ServerWebExchangeMatcher matcher) {}

    private volatile @Nullable ForContext current;

    @Override
    public Mono<MatchResult> matches(ServerWebExchange exchange) {
      ApplicationContext context = exchange.getApplicationContext();
      ForContext built = current;
      if (built == null || built.context() != context) {
        built = new ForContext(context, create(context));
        current = built;
      }
      return built.matcher().matches(exchange);
    }

    private static ServerWebExchangeMatcher create(@Nullable ApplicationContext context) {
      List<String> paths = context == null ? List.of()
          : context.getBeanProvider(WebhookEndpoints.class).getIfAvailable(
              () -> new WebhookEndpoints(List.of())).paths();
      if (paths.isEmpty()) {
        return exchange -> MatchResult.notMatch();
      }
      return ServerWebExchangeMatchers.pathMatchers(paths.toArray(String[]::new));
    }

    @Override
    public String toString() {
      return "HookmeshServerWebExchange.toWebhookEndpoints()";
    }
  }
}
