package dev.hookmesh.spring;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
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
 * @param processing how endpoints without their own setting run their listeners: inline,
 *     inside the request, or inbox, stored first and run in the background
 * @param inbox the durable inbox of endpoints that process through it
 */
@ConfigurationProperties("hookmesh.receiver")
public record HookmeshReceiverProperties(
    @DefaultValue Map<String, Endpoint> endpoints, @DefaultValue Security security,
    @DefaultValue("inline") Processing processing, @DefaultValue Inbox inbox) {

  /** The constructor the properties bind through. */
  @ConstructorBinding
  public HookmeshReceiverProperties {}

  /**
   * Endpoints that process inline, with the inbox's defaults, as built before the inbox existed.
   *
   * @param endpoints the endpoints, by name
   * @param security how the endpoints fit into Spring Security
   */
  public HookmeshReceiverProperties(Map<String, Endpoint> endpoints, Security security) {
    this(endpoints, security, Processing.INLINE, Inbox.defaults());
  }

  /** How an endpoint runs its listeners. */
  public enum Processing {
    /**
     * Inside the request: the sender is answered once every listener returned, 500 if one threw,
     * so the sender retries.
     */
    INLINE,
    /**
     * Through the durable inbox: the event is stored, the sender is answered at once, and the
     * listeners run in the background with retries and dead letters.
     */
    INBOX
  }

  /** Where the inbox keeps its events. */
  public enum Store {
    /** The database when there is a DataSource, memory otherwise. */
    AUTO,
    /** In memory: not durable, for development; events are lost when the application stops. */
    MEMORY,
    /** The database, which must be there. */
    JDBC
  }

  /**
   * The durable inbox.
   *
   * @param store where events are kept: auto, memory or jdbc
   * @param concurrency how many listeners run at once, and how many of one endpoint's unordered
   *     events
   * @param lease how long a worker holds an event before another may take it over; keep it well
   *     above the longest a listener takes
   * @param pollInterval how often the inbox looks for events nothing in this instance announced,
   *     such as retries that fell due and events another instance received
   * @param closeTimeout how long shutdown waits for running listeners
   * @param retention how long processed events and dead letters are kept
   * @param purgeInterval how often those older than the retention are deleted
   * @param retryAfter what a 503 answered while the inbox's database is down asks the sender to
   *     wait
   * @param retry when endpoints without their own retry policy try a failed event again; by
   *     default exponential backoff from 5 seconds to an hour between attempts, for about a day
   * @param processEvents whether this instance runs listeners on stored events; false makes it
   *     an ingest-only instance that stores and acknowledges, leaving processing to the
   *     instances that share its database with true
   */
  public record Inbox(
      @DefaultValue("auto") Store store,
      @DefaultValue("8") int concurrency,
      @DefaultValue("5m") Duration lease,
      @DefaultValue("1s") Duration pollInterval,
      @DefaultValue("30s") Duration closeTimeout,
      @DefaultValue("7d") Duration retention,
      @DefaultValue("1h") Duration purgeInterval,
      @DefaultValue("5s") Duration retryAfter,
      @NestedConfigurationProperty HookmeshSenderProperties.@Nullable Retry retry,
      @DefaultValue("true") boolean processEvents) {

    /** The defaults the properties bind to when none are set. */
    static Inbox defaults() {
      return new Inbox(Store.AUTO, 8, Duration.ofMinutes(5), Duration.ofSeconds(1),
          Duration.ofSeconds(30), Duration.ofDays(7), Duration.ofHours(1), Duration.ofSeconds(5),
          null, true);
    }
  }

  /**
   * One endpoint that receives webhooks from one sender.
   *
   * @param path the request path; {@code /webhooks/<name>} by default
   * @param scheme the signature scheme the sender uses: {@code standard-webhooks} (also what
   *     Svix sends), {@code github}, {@code stripe}, {@code slack}, {@code shopify},
   *     {@code paddle}, {@code gitlab}, {@code discord}, {@code coinbase-commerce},
   *     {@code twilio} or {@code square}
   * @param secrets the keys that verify signatures, for rotation one or more: {@code whsec_...}
   *     or {@code whpk_...} (Ed25519) for Standard Webhooks, the secret string for the others
   * @param tolerance how far a signed timestamp may be from now, in either direction
   * @param maxBodySize the largest body accepted; larger requests are answered 413 unread
   * @param enabled whether the endpoint is served
   * @param eventType where the event type is read, tried in order: a JSON pointer into the
   *     body such as {@code /type}, or a header name such as {@code X-GitHub-Event}; by default
   *     {@code X-GitHub-Event} for github, {@code X-Shopify-Topic} for shopify,
   *     {@code X-Gitlab-Event} for gitlab, {@code /event/type} then {@code /type} for slack,
   *     {@code /event_type} for paddle, {@code /event/type} for coinbase-commerce, and
   *     {@code /type} otherwise
   * @param replayWindow how long a handled message id is remembered, so that the same message
   *     delivered again is acknowledged without calling the listeners again
   * @param processing inline or inbox; hookmesh.receiver.processing by default
   * @param orderingKey for inbox processing, a JSON pointer into the body, such as
   *     /data/object/id, whose value orders events: those with the same value run one at a
   *     time, in the order they arrived
   * @param allowedIps the addresses requests are accepted from, as CIDR ranges; others are
   *     answered 403 before the body is read. Empty accepts every address
   * @param rateLimit the most requests per second accepted; more are answered 429 with
   *     Retry-After. 0 for no limit
   * @param retry for inbox processing, when a failed event is tried again;
   *     hookmesh.receiver.inbox.retry by default
   * @param publicUrl for the schemes that sign the URL they post to (twilio, square), the URL
   *     exactly as registered with the sender, query string included; by default the URL the
   *     request arrived at, after Spring's forwarded-header handling
   */
  public record Endpoint(
      @Nullable String path,
      @DefaultValue("standard-webhooks") String scheme,
      @DefaultValue List<String> secrets,
      @DefaultValue("5m") Duration tolerance,
      @DefaultValue("1MB") DataSize maxBodySize,
      @DefaultValue("true") boolean enabled,
      @DefaultValue List<String> eventType,
      @DefaultValue("24h") Duration replayWindow,
      @Nullable Processing processing,
      @Nullable String orderingKey,
      @DefaultValue List<String> allowedIps,
      @DefaultValue("0") int rateLimit,
      HookmeshSenderProperties.@Nullable Retry retry,
      @Nullable String publicUrl) {

    /** The constructor the properties bind through. */
    @ConstructorBinding
    public Endpoint {}

    /**
     * An endpoint without the inbox's settings, as built before the inbox existed: it processes
     * as {@code hookmesh.receiver.processing} says, from every address, without a rate limit.
     *
     * @param path the request path, or {@code null} for the default
     * @param scheme the signature scheme
     * @param secrets the keys that verify signatures
     * @param tolerance how far a signed timestamp may be from now
     * @param maxBodySize the largest body accepted
     * @param enabled whether the endpoint is served
     * @param eventType where the event type is read
     * @param replayWindow how long a handled message id is remembered
     */
    public Endpoint(@Nullable String path, String scheme, List<String> secrets,
        Duration tolerance, DataSize maxBodySize, boolean enabled, List<String> eventType,
        Duration replayWindow) {
      this(path, scheme, secrets, tolerance, maxBodySize, enabled, eventType, replayWindow, null,
          null, List.of(), 0, null, null);
    }

    /** Never shows the secrets, only how many there are. */
    @Override
    public String toString() {
      return "Endpoint[path=" + path + ", scheme=" + scheme + ", secrets=" + secrets.size()
          + " (redacted), tolerance=" + tolerance + ", maxBodySize=" + maxBodySize
          + ", enabled=" + enabled + ", eventType=" + eventType + ", replayWindow="
          + replayWindow + ", processing=" + processing + ", orderingKey=" + orderingKey
          + ", allowedIps=" + allowedIps + ", rateLimit=" + rateLimit
          + (publicUrl == null ? "" : ", publicUrl=(set, redacted)") + "]";
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
