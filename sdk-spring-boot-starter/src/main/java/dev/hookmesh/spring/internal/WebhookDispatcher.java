package dev.hookmesh.spring.internal;

import dev.hookmesh.HeaderLookup;
import dev.hookmesh.ReplayGuard;
import dev.hookmesh.WebhookEvent;
import dev.hookmesh.WebhookVerificationException.Reason;
import dev.hookmesh.WebhookVerificationException;
import dev.hookmesh.WebhookVerifier;
import dev.hookmesh.http.RateLimiter;
import dev.hookmesh.inbox.InboxEvent;
import dev.hookmesh.inbox.WebhookInbox;
import dev.hookmesh.signature.SignatureScheme;
import dev.hookmesh.spring.WebhookEndpoint;
import dev.hookmesh.spring.internal.ReceiptObserver.Outcome;
import dev.hookmesh.spring.internal.ReceiptObserver.Receipt;
import dev.hookmesh.spring.internal.ReceiptObserver.Scope;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * Receives one request for an endpoint, independent of the web stack: verifies the raw body,
 * drops duplicates, calls the matching listeners and decides the response. It never throws.
 */
public final class WebhookDispatcher {

  private static final Log logger = LogFactory.getLog(WebhookDispatcher.class);
  private static final String UNKNOWN = "unknown";
  private static final String SLACK = SignatureScheme.slack().name();
  private static final String URL_VERIFICATION = "url_verification";

  private final WebhookListenerProcessor listeners;
  private final ReplayGuard replayGuard;
  private final JsonMapper mapper;
  private final ReceiptObserver observer;
  private final Clock clock;
  private volatile Plans plans = new Plans(List.of());
  private volatile @Nullable WebhookInbox inbox;
  private volatile Duration inboxRetryAfter = Duration.ofSeconds(5);

  /**
   * Creates a dispatcher.
   *
   * @param listeners where the listeners are found
   * @param replayGuard remembers handled message ids
   * @param mapper parses and binds bodies
   * @param observer records each receipt
   * @param clock sets when remembered ids expire
   */
  public WebhookDispatcher(WebhookListenerProcessor listeners, ReplayGuard replayGuard,
      JsonMapper mapper, ReceiptObserver observer, Clock clock) {
    this.listeners = listeners;
    this.replayGuard = replayGuard;
    this.mapper = mapper;
    this.observer = observer;
    this.clock = clock;
  }

  /**
   * Sends the events of inbox endpoints to an inbox, and asks senders to wait this long when
   * it cannot store them.
   *
   * @param inbox the inbox
   * @param retryAfter the {@code Retry-After} of a 503
   */
  public void useInbox(WebhookInbox inbox, Duration retryAfter) {
    this.inbox = inbox;
    this.inboxRetryAfter = retryAfter;
  }

  /**
   * Refuses a request before its body is read, if its endpoint does not take it: from an address
   * outside the endpoint's allow-list (403), or over its rate limit (429 with Retry-After).
   *
   * @param endpoint the endpoint it arrived on
   * @param remote the peer's address as an IP literal, after any forwarded-header handling;
   *     {@code null} if unknown, which an allow-list refuses
   * @return the response to send, or {@code null} to go on and read the body
   */
  public @Nullable WebhookResponse refuseEarly(WebhookEndpoint endpoint,
      @Nullable String remote) {
    if (!endpoint.allowedIps().allows(remote)) {
      observer.start(endpoint.name(), ReceiptObserver.NO_HEADERS)
          .stop(UNKNOWN, Outcome.REJECTED, null);
      logger.debug("Webhook refused on '" + endpoint.name() + "': " + remote
          + " is not in its allowed-ips");
      return problem(403, "Requests to this webhook endpoint are accepted only from its allowed"
          + " addresses", "ADDRESS_NOT_ALLOWED");
    }
    RateLimiter limiter = endpoint.rateLimiter();
    if (limiter != null && !limiter.tryAcquire()) {
      observer.start(endpoint.name(), ReceiptObserver.NO_HEADERS)
          .stop(UNKNOWN, Outcome.REJECTED, null);
      return problem(429, "This webhook endpoint takes at most " + limiter.perSecond()
          + " requests per second; retry later", "RATE_LIMITED")
          .retryAfter(limiter.retryAfter());
    }
    return null;
  }

  /**
   * Handles a request whose body was read in full.
   *
   * @param endpoint the endpoint it arrived on
   * @param headers its headers
   * @param body its raw body, at most the endpoint's maximum size
   * @return the response to send
   */
  public WebhookResponse receive(WebhookEndpoint endpoint, HeaderLookup headers, byte[] body) {
    return receive(endpoint, headers, Map::of, () -> null, body);
  }

  /**
   * Handles a request whose body was read in full.
   *
   * @param endpoint the endpoint it arrived on
   * @param headers its headers
   * @param allHeaders every header, read only for an inbox endpoint, which stores them
   * @param requestUrl the full URL the request arrived at, read only for a scheme that signs it
   *     when the endpoint has no public-url
   * @param body its raw body, at most the endpoint's maximum size
   * @return the response to send
   */
  @SuppressWarnings("try") // listeners run in the receipt's scope, which they never name
  public WebhookResponse receive(WebhookEndpoint endpoint, HeaderLookup headers,
      Supplier<Map<String, List<String>>> allHeaders, Supplier<@Nullable String> requestUrl,
      byte[] body) {
    Receipt receipt = observer.start(endpoint.name(), headers);
    WebhookEvent event;
    try {
      WebhookVerifier verifier = endpoint.verifier();
      event = verifier.verify(headers, body,
          verifier.scheme().signsRequestUrl() && verifier.requestUrl() == null
              ? requestUrl.get() : null);
    } catch (WebhookVerificationException e) {
      return reject(receipt, endpoint, e);
    }
    String eventType = UNKNOWN;
    try {
      EndpointListeners plan = plan(endpoint);
      ReceivedWebhook received = new ReceivedWebhook(plan, event, headers, mapper);
      if (SLACK.equals(event.scheme())) {
        String challenge = received.slackChallenge();
        if (challenge != null) {
          // Slack checks a new Events API URL with a signed challenge: echo it, call no listener.
          logger.debug("Slack URL verification on '" + endpoint.name() + "' answered");
          receipt.stop(URL_VERIFICATION, Outcome.HANDLED, null);
          return WebhookResponse.text(HttpStatus.OK.value(), challenge);
        }
      }
      if (endpoint.usesInbox()) {
        return store(receipt, endpoint, plan, received, allHeaders);
      }
      // The event type is read only if something needs it: a listener's filter, a listener's
      // @WebhookEventType parameter (below), or a receipt that records it. Only a listener's
      // need makes a body that is not JSON a 400, so observability never changes the answer.
      if (plan.filtering()) {
        eventType = received.eventType();
      } else if (receipt.recordsEventType()) {
        eventType = eventTypeForLog(received);
      }
      String id = received.messageId();
      if (id != null && replayGuard.seen(endpoint.name(), id)) {
        logger.debug("Webhook " + id + " on '" + endpoint.name() + "' was handled before");
        receipt.stop(eventType, Outcome.DUPLICATE, null);
        return new WebhookResponse(Reason.REPLAYED.httpStatus(), null);
      }
      List<ListenerMethod> matching = plan.matching(eventType);
      for (ListenerMethod listener : matching) {
        if (listener.needsEventType()) {
          eventType = received.eventType(); // a body that is not JSON: 400 before any listener
          break;
        }
      }
      received.checkJson(matching); // a body that is not JSON is the sender's fault: 400, not 500
      @Nullable ListenerMethod failed = null;
      @Nullable Throwable failure = null;
      try (Scope scope = receipt.openScope()) {
        for (ListenerMethod listener : matching) {
          try {
            listener.invoke(received);
          } catch (Throwable e) {
            failed = listener;
            failure = e;
            break;
          }
        }
      }
      if (failure != null) {
        logger.error("Webhook listener " + failed + " failed on event '"
            + eventTypeForLog(received) + "' (id " + id + "); answering 500 so that the "
            + "sender retries", failure);
        receipt.stop(eventType, Outcome.FAILED, failure);
        return problem(500, "A listener failed to handle the event; the sender should retry",
            "LISTENER_FAILED");
      }
      if (id != null) {
        replayGuard.markSeen(endpoint.name(), id, clock.instant().plus(endpoint.replayWindow()));
      }
      if (matching.isEmpty() && logger.isDebugEnabled()) {
        logger.debug("No webhook listener on '" + endpoint.name() + "' for event type '"
            + eventTypeForLog(received) + "'; acknowledged");
      }
      receipt.stop(eventType, matching.isEmpty() ? Outcome.UNHANDLED : Outcome.HANDLED, null);
      return new WebhookResponse(HttpStatus.NO_CONTENT.value(), null);
    } catch (ReceivedWebhook.NotJsonException e) {
      receipt.stop(eventType, Outcome.REJECTED, null);
      return problem(400, "The signature is valid but the body is not a JSON document, so the "
          + "event cannot be read", "INVALID_JSON");
    } catch (RuntimeException e) {
      // Such as a ReplayGuard whose store is down: the sender should retry later.
      logger.error("Webhook on '" + endpoint.name() + "' could not be handled", e);
      receipt.stop(eventType, Outcome.FAILED, e);
      return problem(500, "The webhook could not be handled; the sender should retry",
          "RECEIVER_FAILED");
    }
  }

  /**
   * Stores a verified event in the inbox and acknowledges it, new or a duplicate: the unique
   * key on endpoint and message id does the replay guard's job for inbox endpoints. A database
   * that is down gets a 503 with Retry-After, so the sender tries again, and nothing is stored.
   */
  private WebhookResponse store(Receipt receipt, WebhookEndpoint endpoint, EndpointListeners plan,
      ReceivedWebhook received, Supplier<Map<String, List<String>>> allHeaders) {
    WebhookInbox target = inbox;
    if (target == null) {
      throw new IllegalStateException("The endpoint '" + endpoint.name() + "' processes through"
          + " the inbox, but no WebhookInbox is configured");
    }
    // Listeners that pick events by type need it: a body that is not JSON where the type is
    // read is the sender's fault, answered 400 as inline, not stored to fail later.
    String eventType = plan.filtering() ? received.eventType() : eventTypeOrEmpty(received);
    String id = received.messageId();
    InboxEvent.Builder builder = InboxEvent.builder(endpoint.name(),
            id != null ? id : contentId(received.event.body()), received.event.body())
        .eventType(eventType)
        .receivedAt(clock.instant())
        .orderingKey(received.orderingKey());
    allHeaders.get().forEach((name, values) -> {
      if (!NOT_KEPT.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(value -> builder.header(name, value));
      }
    });
    InboxEvent event = builder.build();
    boolean added;
    try {
      added = target.receive(event);
    } catch (RuntimeException e) {
      logger.error("Webhook " + event.messageId() + " on '" + endpoint.name() + "' could not be"
          + " stored in the inbox; answering 503 so that the sender retries", e);
      receipt.stop(eventType.isEmpty() ? UNKNOWN : eventType, Outcome.FAILED, e);
      return problem(503, "The webhook could not be stored; retry later", "INBOX_UNAVAILABLE")
          .retryAfter(inboxRetryAfter);
    }
    receipt.stop(eventType.isEmpty() ? UNKNOWN : eventType,
        added ? Outcome.STORED : Outcome.DUPLICATE, null);
    return new WebhookResponse(HttpStatus.ACCEPTED.value(), null);
  }

  /** Credentials a proxy or browser may add are not kept with a stored event. */
  private static final Set<String> NOT_KEPT =
      Set.of("authorization", "proxy-authorization", "cookie");

  /** An id for a sender that gives none, so that the same body arriving twice is one event. */
  private static String contentId(byte[] body) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }

  /**
   * Runs an endpoint's listeners on an event from the inbox, in the background. Returning means
   * every matching listener returned.
   *
   * @param endpoint the endpoint it arrived on
   * @param stored the event as the inbox kept it
   * @throws Throwable what a listener threw, to be retried; a
   *     {@link dev.hookmesh.retry.NonRetryableException} for an event no retry can process
   */
  @SuppressWarnings("try") // listeners run in the receipt's scope, which they never name
  public void process(WebhookEndpoint endpoint, InboxEvent stored) throws Throwable {
    Receipt receipt = observer.process(endpoint.name(), HeaderLookup.of(stored.headers()));
    String eventType = stored.eventType().isEmpty() ? UNKNOWN : stored.eventType();
    boolean handled;
    try (Scope scope = receipt.openScope()) {
      handled = runListeners(endpoint, stored);
    } catch (Throwable e) {
      receipt.stop(eventType, Outcome.FAILED, e);
      throw e;
    }
    receipt.stop(eventType, handled ? Outcome.HANDLED : Outcome.UNHANDLED, null);
  }

  /** Runs the listeners an inbox event matches; whether there were any. */
  private boolean runListeners(WebhookEndpoint endpoint, InboxEvent stored) throws Throwable {
    EndpointListeners plan = plan(endpoint);
    WebhookEvent event = new WebhookEvent(stored.messageId(), stored.receivedAt(), stored.body(),
        endpoint.verifier().scheme().name(), 0);
    ReceivedWebhook received =
        new ReceivedWebhook(plan, event, HeaderLookup.of(stored.headers()), mapper);
    List<ListenerMethod> matching;
    try {
      // Read again as inline reads it: the stored type is for people, and may be a hash.
      matching = plan.matching(plan.filtering() ? received.eventType() : stored.eventType());
      received.checkJson(matching);
    } catch (ReceivedWebhook.NotJsonException e) {
      throw new NotProcessableException("The body is not a JSON document, which a listener of '"
          + endpoint.name() + "' needs", e);
    }
    for (ListenerMethod listener : matching) {
      Object[] arguments;
      try {
        arguments = listener.arguments(received);
      } catch (RuntimeException e) {
        throw new NotProcessableException("The event cannot be passed to " + listener + ": "
            + e.getMessage(), e);
      }
      listener.call(arguments);
    }
    if (matching.isEmpty() && logger.isDebugEnabled()) {
      logger.debug("No webhook listener on '" + endpoint.name() + "' for event type '"
          + stored.eventType() + "'; processed");
    }
    return !matching.isEmpty();
  }

  /** The event type, or "" if the body is not JSON where it was to be read. */
  private static String eventTypeOrEmpty(ReceivedWebhook received) {
    try {
      return received.eventType();
    } catch (ReceivedWebhook.NotJsonException e) {
      return "";
    }
  }

  /** The event type for a log line or a receipt, {@code unknown} if the body is not JSON. */
  private static String eventTypeForLog(ReceivedWebhook received) {
    try {
      return received.eventType();
    } catch (ReceivedWebhook.NotJsonException e) {
      return UNKNOWN;
    }
  }

  /**
   * The endpoint's listeners and what they need, worked out on its first request and again
   * only if the listeners change (they are set once every singleton exists).
   */
  private EndpointListeners plan(WebhookEndpoint endpoint) {
    List<ListenerMethod> all = listeners.listeners();
    Plans current = plans;
    if (current.listeners != all) {
      current = new Plans(all);
      plans = current;
    }
    EndpointListeners plan = current.byEndpoint.get(endpoint.name());
    if (plan == null || plan.endpoint() != endpoint) {
      plan = new EndpointListeners(endpoint, all);
      current.byEndpoint.put(endpoint.name(), plan);
    }
    return plan;
  }

  /** The plans made for one list of listeners. */
  private static final class Plans {
    final List<ListenerMethod> listeners;
    final Map<String, EndpointListeners> byEndpoint = new ConcurrentHashMap<>();

    Plans(List<ListenerMethod> listeners) {
      this.listeners = listeners;
    }
  }

  /**
   * Answers a request refused before its body was read, such as one whose declared length is
   * over the limit.
   *
   * @param endpoint the endpoint it arrived on
   * @param failure why it is refused
   * @return the response to send
   */
  public WebhookResponse reject(WebhookEndpoint endpoint, WebhookVerificationException failure) {
    return reject(observer.start(endpoint.name(), ReceiptObserver.NO_HEADERS), endpoint, failure);
  }

  private WebhookResponse reject(
      Receipt receipt, WebhookEndpoint endpoint, WebhookVerificationException failure) {
    if (logger.isDebugEnabled()) {
      logger.debug("Webhook refused on '" + endpoint.name() + "': " + failure.reason() + ": "
          + failure.getMessage());
    }
    receipt.stop(UNKNOWN, Outcome.REJECTED, null);
    return problem(failure.reason().httpStatus(), failure.getMessage(), failure.reason().name());
  }

  /**
   * The response for a body over the endpoint's limit.
   *
   * @param endpoint the endpoint
   * @return a 413 response
   */
  public WebhookResponse tooLarge(WebhookEndpoint endpoint) {
    return reject(endpoint, new WebhookVerificationException(Reason.PAYLOAD_TOO_LARGE,
        "The body is larger than the " + endpoint.maxBodySize() + " bytes this endpoint accepts"));
  }

  private WebhookResponse problem(int status, String detail, @Nullable String reason) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    HttpStatus known = HttpStatus.resolve(status);
    problem.put("title", known == null ? "Error" : known.getReasonPhrase());
    problem.put("status", status);
    problem.put("detail", detail);
    if (reason != null) {
      problem.put("reason", reason);
    }
    return new WebhookResponse(status, mapper.writeValueAsBytes(problem));
  }
}
