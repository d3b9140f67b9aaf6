package dev.hookmesh.spring;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;

/**
 * Spring Security request matchers for the webhook endpoints, in the manner of Spring Boot's
 * {@code PathRequest}. The starter never opens the endpoints on its own; say what they need:
 *
 * <pre>{@code
 * http.authorizeHttpRequests(requests -> requests
 *     .requestMatchers(HookmeshRequest.toWebhookEndpoints()).permitAll()
 *     .anyRequest().authenticated());
 * }</pre>
 *
 * <p>and set {@code hookmesh.receiver.security.csrf-exempt=true}, since senders cannot send a
 * CSRF token: each request's signature authenticates it instead.
 */
public final class HookmeshRequest {

  private HookmeshRequest() {}

  /**
   * Matches requests to every enabled webhook endpoint's path, whatever the method. The paths
   * are read from the application context's {@link WebhookEndpoints} on first use.
   *
   * @return a request matcher
   */
  public static RequestMatcher toWebhookEndpoints() {
    return new WebhookEndpointsRequestMatcher();
  }

  /** Looks the paths up lazily: security is configured before the endpoints bean may exist. */
  private static final class WebhookEndpointsRequestMatcher implements RequestMatcher {

    private volatile @Nullable RequestMatcher delegate;
    private volatile @Nullable WebApplicationContext context;

    @Override
    public boolean matches(HttpServletRequest request) {
      WebApplicationContext current =
          WebApplicationContextUtils.findWebApplicationContext(request.getServletContext());
      RequestMatcher matcher = delegate;
      if (matcher == null || current != context) {
        matcher = create(current);
        delegate = matcher;
        context = current;
      }
      return matcher.matches(request);
    }

    private static RequestMatcher create(@Nullable WebApplicationContext context) {
      List<String> paths = context == null ? List.of()
          : context.getBeanProvider(WebhookEndpoints.class).getIfAvailable(
              () -> new WebhookEndpoints(List.of())).paths();
      if (paths.isEmpty()) {
        return request -> false;
      }
      List<RequestMatcher> matchers = new ArrayList<>(paths.size());
      PathPatternRequestMatcher.Builder builder = PathPatternRequestMatcher.withDefaults();
      for (String path : paths) {
        matchers.add(builder.matcher(path));
      }
      return new OrRequestMatcher(matchers);
    }

    @Override
    public String toString() {
      return "HookmeshRequest.toWebhookEndpoints()";
    }
  }
}
