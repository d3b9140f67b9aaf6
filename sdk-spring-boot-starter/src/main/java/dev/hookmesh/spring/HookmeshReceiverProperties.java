package dev.hookmesh.spring;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the webhook endpoints an application receives on, bound from
 * {@code hookmesh.receiver.*}.
 *
 * <pre>{@code
 * hookmesh:
 *   receiver:
 *     endpoints:
 *       billing:                       # served on POST /webhooks/billing
 *         secrets: [whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw]
 *       github:
 *         scheme: github
 *         secrets: ["${GITHUB_WEBHOOK_SECRET}"]
 * }</pre>
 *
 * @param endpoints the endpoints, by name; a listener's endpoint attribute names one
 * @param security how the endpoints fit into Spring Security
 */
@ConfigurationProperties("hookmesh.receiver")
public record HookmeshReceiverProperties(
    @DefaultValue Map<String, Endpoint> endpoints, @DefaultValue Security security) {

  /**
   * One endpoint that receives webhooks from one sender.
   *
   * @param path the request path; {@code /webhooks/<name>} by default
   * @param scheme the signature scheme the sender uses: {@code standard-webhooks} (also what
   *     Svix sends), {@code github}, {@code stripe}, {@code slack} or {@code shopify}
   * @param secrets the keys that verify signatures, for rotation one or more: {@code whsec_...}
   *     or {@code whpk_...} (Ed25519) for Standard Webhooks, the secret string for the others
   * @param tolerance how far a signed timestamp may be from now, in either direction
   * @param maxBodySize the largest body accepted; larger requests are answered 413 unread
   * @param enabled whether the endpoint is served
   * @param eventType where the event type is read, tried in order: a JSON pointer into the
   *     body such as {@code /type}, or a header name such as {@code X-GitHub-Event}; by default
   *     {@code X-GitHub-Event} for github, {@code X-Shopify-Topic} for shopify,
   *     {@code /event/type} then {@code /type} for slack, and {@code /type} otherwise
   * @param replayWindow how long a handled message id is remembered, so that the same message
   *     delivered again is acknowledged without calling the listeners again
   */
  public record Endpoint(
      @Nullable String path,
      @DefaultValue("standard-webhooks") String scheme,
      @DefaultValue List<String> secrets,
      @DefaultValue("5m") Duration tolerance,
      @DefaultValue("1MB") DataSize maxBodySize,
      @DefaultValue("true") boolean enabled,
      @DefaultValue List<String> eventType,
      @DefaultValue("24h") Duration replayWindow) {

    /** Never shows the secrets, only how many there are. */
    @Override
    public String toString() {
      return "Endpoint[path=" + path + ", scheme=" + scheme + ", secrets=" + secrets.size()
          + " (redacted), tolerance=" + tolerance + ", maxBodySize=" + maxBodySize
          + ", enabled=" + enabled + ", eventType=" + eventType + ", replayWindow="
          + replayWindow + "]";
    }
  }

  /**
   * How the webhook endpoints fit into Spring Security.
   *
   * @param csrfExempt whether to exempt the webhook endpoints from CSRF protection, which
   *     senders cannot satisfy; their signature protects them instead. Authorization is still
   *     yours to configure, with HookmeshRequest.toWebhookEndpoints() in Spring MVC or
   *     HookmeshServerWebExchange.toWebhookEndpoints() in WebFlux
   */
  public record Security(@DefaultValue("false") boolean csrfExempt) {}
}
