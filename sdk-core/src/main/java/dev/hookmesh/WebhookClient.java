package dev.hookmesh;

import dev.hookmesh.delivery.CircuitBreaker;
import dev.hookmesh.delivery.Delivery;
import dev.hookmesh.delivery.DeliveryAttempt;
import dev.hookmesh.delivery.DeliveryListener;
import dev.hookmesh.delivery.DeliveryObserver;
import dev.hookmesh.delivery.DeliveryResult;
import dev.hookmesh.delivery.DeliveryStore;
import dev.hookmesh.delivery.EndpointHealth;
import dev.hookmesh.delivery.InMemoryDeliveryStore;
import dev.hookmesh.delivery.internal.DeliveryLoop;
import dev.hookmesh.delivery.internal.Transport;
import dev.hookmesh.http.SsrfPolicy;
import dev.hookmesh.internal.Arguments;
import dev.hookmesh.json.PayloadCodec;
import dev.hookmesh.retry.RetryPolicy;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Sends webhooks: signs each attempt, retries on the endpoint's policy, guards against SSRF,
 * keeps each endpoint's health, and records every attempt in a {@link DeliveryStore}. Build
 * one per application and share it; it is thread-safe.
 *
 * <pre>{@code
 * try (WebhookClient client = WebhookClient.builder().build()) {
 *   Endpoint endpoint = Endpoint.of("ep_42", "https://hooks.example.com/in", "whsec_...");
 *   Delivery delivery = client.send(endpoint, WebhookMessage.of("invoice.paid", invoice));
 * }
 * }</pre>
 *
 * <p>Three ways to send:
 *
 * <ul>
 *   <li>{@link #send} stores the delivery and returns at once; attempts and retries run in the
 *       background.
 *   <li>{@link Delivery#result()} or {@link #sendAndAwait} waits for the final outcome.
 *   <li>{@link #attemptOnce} makes exactly one attempt on the calling thread, without retries
 *       and without touching the endpoint's health: for "send a test event" buttons.
 * </ul>
 *
 * <p>{@link #close()} shuts down gracefully: it refuses new sends, waits a bounded time for
 * attempts in flight, and leaves every unfinished delivery pending in the store, where the next
 * client on the same store finds it.
 */
public final class WebhookClient implements AutoCloseable {

  /** Default for {@link Builder#connectTimeout(Duration)}. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Default for {@link Builder#callTimeout(Duration)}. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(15);
  /** Default for {@link Builder#maxConcurrencyPerEndpoint(int)}. */
  public static final int DEFAULT_MAX_CONCURRENCY_PER_ENDPOINT = 8;
  /** Default for {@link Builder#maxConcurrency(int)}. */
  public static final int DEFAULT_MAX_CONCURRENCY = 64;
  /** Default for {@link Builder#disableAfter(Duration)}, as Svix does. */
  public static final Duration DEFAULT_DISABLE_AFTER = Duration.ofDays(5);
  /** Default for {@link Builder#maxResponseBodyBytes(int)}. */
  public static final int DEFAULT_MAX_RESPONSE_BODY_BYTES = 4096;
  /** Default for {@link Builder#closeTimeout(Duration)}. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final Builder settings;
  private final Transport transport;
  private final DeliveryLoop loop;

  private WebhookClient(Builder builder, Transport transport) {
    this.settings = builder.copy();
    this.transport = transport;
    this.loop = new DeliveryLoop(new DeliveryLoop.Settings(builder.store, builder.resolver,
        builder.listener, builder.observer, builder.clock, builder.retryPolicy, builder.maxConcurrencyPerEndpoint,
        builder.circuitBreaker, builder.disableAfter, builder.pollInterval, builder.lease,
        builder.batchSize), transport);
  }

  /**
   * Starts a client with the defaults: in-memory store, Standard Webhooks retry schedule, SSRF
   * guard on, connect timeout 5s, call timeout 15s, no redirects.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a builder with this client's settings whose clients share this client's connection
   * pool and dispatcher threads; transport settings (SSRF policy, default timeouts, total
   * concurrency) cannot change. Each built client runs its own delivery loop and gets a new
   * in-memory store unless {@link Builder#store(DeliveryStore)} is set, because a
   * {@link Delivery#result()} completes only in the client that finishes the delivery. Prefer
   * per-endpoint overrides on {@link Endpoint} for per-customer differences.
   *
   * @return a new builder
   */
  public Builder newBuilder() {
    Builder builder = settings.copy();
    builder.store = new InMemoryDeliveryStore();
    builder.sharedTransport = transport;
    return builder;
  }

  /**
   * Sends a message to an endpoint: encodes its payload, stores the delivery, and returns at
   * once. Attempts run in the background, each signed when it starts, until the endpoint
   * answers 2xx or the retry policy stops. If the endpoint is gone or disabled, the returned
   * delivery has already finished with that outcome. Sending the same message id to the same
   * endpoint while it is pending returns the pending delivery; after it finished, sends it
   * again from attempt 1, as {@link #redeliver} does.
   *
   * @param endpoint where to send
   * @param message what to send
   * @return a handle on the delivery
   * @throws IllegalStateException if the client is closed
   * @throws IllegalArgumentException if the payload cannot be encoded
   */
  public Delivery send(Endpoint endpoint, WebhookMessage message) {
    Objects.requireNonNull(endpoint, "endpoint");
    return loop.send(endpoint, message.encode(settings.codec));
  }

  /**
   * Sends one message to several endpoints, as {@link #send(Endpoint, WebhookMessage)} does to
   * one: the payload is encoded once, and the message and every delivery are stored in one
   * write (one transaction with the JDBC store, the caller's if it has one), so either all of
   * them are sent or, if storing fails, none. Each delivery then goes its own way, with its
   * endpoint's retries, circuit and signing keys; the message id is the same for all.
   *
   * @param endpoints where to send, such as every endpoint subscribed to the event type
   * @param message what to send
   * @return a handle per endpoint, in the order given
   * @throws IllegalStateException if the client is closed
   * @throws IllegalArgumentException if the payload cannot be encoded
   */
  public List<Delivery> send(Collection<Endpoint> endpoints, WebhookMessage message) {
    List<Endpoint> targets = List.copyOf(endpoints); // rejects null elements
    return loop.send(targets, message.encode(settings.codec));
  }

  /**
   * Sends a message and waits for the final outcome. With the default policy this can take
   * days, hence the timeout; the delivery goes on in the background if it passes.
   *
   * @param endpoint where to send
   * @param message what to send
   * @param timeout how long to wait
   * @return the final outcome
   * @throws TimeoutException if the outcome is not known within the timeout
   * @throws InterruptedException if the thread is interrupted while waiting
   * @throws IllegalStateException if the client is closed, before or while waiting
   */
  public DeliveryResult sendAndAwait(Endpoint endpoint, WebhookMessage message, Duration timeout)
      throws TimeoutException, InterruptedException {
    try {
      return send(endpoint, message).result().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IllegalStateException closed
          ? closed : new IllegalStateException(e.getCause());
    }
  }

  /**
   * Makes exactly one attempt now, on the calling thread: no retries, no queue, and no effect
   * on the endpoint's circuit breaker or disabled state (a test event is how a customer checks
   * a disabled endpoint). The attempt is added to the store's attempt log as attempt 1.
   *
   * @param endpoint where to send
   * @param message what to send
   * @return the attempt: its status, or the error when no response came
   * @throws IllegalStateException if the client is closed
   */
  public DeliveryAttempt attemptOnce(Endpoint endpoint, WebhookMessage message) {
    Objects.requireNonNull(endpoint, "endpoint");
    return loop.attemptOnce(endpoint, message.encode(settings.codec));
  }

  /**
   * Sends a stored message again to every endpoint whose delivery of it has finished, with a
   * fresh attempt count and fresh signatures. Deliveries still pending are left alone. Enable
   * a disabled or gone endpoint first, or the redelivery finishes at once with that outcome.
   *
   * @param messageId the message's id
   * @return a handle per redelivery; empty if the store has no finished delivery of it
   * @throws IllegalStateException if the client is closed
   */
  public List<Delivery> redeliver(String messageId) {
    return loop.redeliver(Objects.requireNonNull(messageId, "messageId"));
  }

  /**
   * Recovers from a customer's outage: sends again every message created since {@code since}
   * whose delivery to the endpoint ended without success (retries exhausted, refused, gone or
   * disabled), with fresh attempt counts. Enable a disabled or gone endpoint first.
   *
   * @param endpointId the endpoint's id
   * @param since the earliest message creation time to send again
   * @return a handle per delivery made pending; empty if nothing failed since then
   * @throws IllegalStateException if the client is closed
   */
  public List<Delivery> recover(String endpointId, Instant since) {
    return loop.recover(Objects.requireNonNull(endpointId, "endpointId"),
        Objects.requireNonNull(since, "since"));
  }

  /**
   * A handle on a stored delivery, such as one another instance or an earlier publish made:
   * its result completes when the delivery finishes, at once if it has.
   *
   * @param messageId the message's id
   * @param endpointId the endpoint's id
   * @return the handle
   */
  public Delivery delivery(String messageId, String endpointId) {
    return loop.track(Objects.requireNonNull(messageId, "messageId"),
        Objects.requireNonNull(endpointId, "endpointId"));
  }

  /**
   * Handles on every stored delivery of a message, pending or finished, from one read of the
   * store: such as a message another instance sent, or one published before.
   *
   * @param messageId the message's id
   * @return the handles, in the order the deliveries were stored; empty if there are none
   * @throws UnsupportedOperationException if the store cannot list a message's deliveries
   */
  public List<Delivery> deliveries(String messageId) {
    return loop.deliveries(Objects.requireNonNull(messageId, "messageId"));
  }

  /**
   * A message as this client sends it: its payload encoded by the client's
   * {@link PayloadCodec}, or the message itself if its body is bytes already.
   *
   * @param message the message
   * @return the encoded message
   */
  public WebhookMessage encode(WebhookMessage message) {
    return message.encode(settings.codec);
  }

  /**
   * Enables an endpoint again after it was disabled or answered 410 Gone, and closes its
   * circuit.
   *
   * @param endpointId the endpoint's id
   */
  public void enableEndpoint(String endpointId) {
    loop.enableEndpoint(Objects.requireNonNull(endpointId, "endpointId"));
  }

  /**
   * An endpoint's health as this client sees it.
   *
   * @param endpointId the endpoint's id
   * @return a snapshot
   */
  public EndpointHealth endpointHealth(String endpointId) {
    return loop.health(Objects.requireNonNull(endpointId, "endpointId"));
  }

  /**
   * The health of every endpoint this client has sent to or been asked about since it started,
   * ordered by endpoint id: for a health check or a dashboard that shows open circuits and
   * disabled or gone endpoints without knowing the endpoint ids in advance.
   *
   * @return a snapshot per endpoint; empty before the first send
   */
  public List<EndpointHealth> endpointHealth() {
    return loop.health();
  }

  /**
   * The store holding messages, pending deliveries and the attempt log.
   *
   * @return the store
   */
  public DeliveryStore store() {
    return settings.store;
  }

  /**
   * Shuts down gracefully: refuses new sends with an {@link IllegalStateException}, stops
   * starting attempts, waits up to the close timeout for attempts in flight, then cancels the
   * rest without counting them. Every unfinished delivery stays pending in the store, and
   * futures from {@link Delivery#result()} that are not done complete exceptionally.
   */
  @Override
  public void close() {
    loop.close(settings.closeTimeout);
  }

  @Override
  public String toString() {
    return "WebhookClient[store=" + settings.store + ", retryPolicy=" + settings.retryPolicy
        + ", ssrfPolicy=" + settings.ssrfPolicy + "]";
  }

  /** Configures a {@link WebhookClient}. */
  public static final class Builder {

    private DeliveryStore store = new InMemoryDeliveryStore();
    private EndpointResolver resolver = EndpointResolver.none();
    private DeliveryListener listener = DeliveryListener.NONE;
    private DeliveryObserver observer = DeliveryObserver.NONE;
    private Clock clock = Clock.systemUTC();
    private RetryPolicy retryPolicy = RetryPolicy.standardWebhooks();
    private SsrfPolicy ssrfPolicy = SsrfPolicy.defaults();
    private @Nullable Proxy proxy;
    private PayloadCodec codec = PayloadCodec.jackson();
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
    private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;
    private int maxConcurrencyPerEndpoint = DEFAULT_MAX_CONCURRENCY_PER_ENDPOINT;
    private CircuitBreaker circuitBreaker = CircuitBreaker.defaults();
    private @Nullable Duration disableAfter = DEFAULT_DISABLE_AFTER;
    private int maxResponseBodyBytes = DEFAULT_MAX_RESPONSE_BODY_BYTES;
    private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
    private Duration pollInterval = Duration.ofSeconds(1);
    private Duration lease = Duration.ofMinutes(5);
    private int batchSize = 256;
    private @Nullable Transport sharedTransport;

    private Builder() {}

    private Builder copy() {
      Builder copy = new Builder();
      copy.store = store;
      copy.resolver = resolver;
      copy.listener = listener;
      copy.observer = observer;
      copy.clock = clock;
      copy.retryPolicy = retryPolicy;
      copy.ssrfPolicy = ssrfPolicy;
      copy.codec = codec;
      copy.connectTimeout = connectTimeout;
      copy.callTimeout = callTimeout;
      copy.maxConcurrency = maxConcurrency;
      copy.maxConcurrencyPerEndpoint = maxConcurrencyPerEndpoint;
      copy.circuitBreaker = circuitBreaker;
      copy.disableAfter = disableAfter;
      copy.maxResponseBodyBytes = maxResponseBodyBytes;
      copy.closeTimeout = closeTimeout;
      copy.pollInterval = pollInterval;
      copy.lease = lease;
      copy.batchSize = batchSize;
      copy.sharedTransport = sharedTransport;
      copy.proxy = proxy;
      return copy;
    }

    /**
     * Where deliveries are recorded; a new {@link InMemoryDeliveryStore} by default.
     *
     * @param store the store
     * @return this builder
     */
    public Builder store(DeliveryStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Finds endpoints the store refers to that were not sent to in this process, such as
     * after a restart. By default none are found, and their deliveries wait.
     *
     * @param resolver the resolver
     * @return this builder
     */
    public Builder endpointResolver(EndpointResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /**
     * Hears every attempt, final outcome and endpoint health change.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(DeliveryListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Watches each send and each attempt, and carries the sending thread's trace to every
     * attempt: the trace context it hands over at send is stored with the message, and each
     * attempt gets it back to continue, with headers such as {@code traceparent}. None by
     * default; the Spring Boot starter sets one on Micrometer Observation.
     *
     * @param observer the observer
     * @return this builder
     */
    public Builder observer(DeliveryObserver observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /**
     * The clock for signature timestamps, due times, circuit cool-downs and the disable
     * period; the system UTC clock by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The retry policy for endpoints without their own; {@link RetryPolicy#standardWebhooks()}
     * by default.
     *
     * @param retryPolicy the policy
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * Which addresses endpoints may reach; {@link SsrfPolicy#defaults()} (public addresses
     * only) by default.
     *
     * @param ssrfPolicy the policy
     * @return this builder
     */
    public Builder ssrfPolicy(SsrfPolicy ssrfPolicy) {
      this.ssrfPolicy = Objects.requireNonNull(ssrfPolicy, "ssrfPolicy");
      return this;
    }

    /**
     * Sends every attempt through an HTTP proxy, such as an egress proxy that enforces where
     * webhooks may go (Smokescreen, Squid). The SSRF guard lets the client reach the proxy,
     * wherever it is, and still refuses what it can see: a scheme it does not allow and
     * literal-IP endpoint hosts in every notation. The proxy resolves host names, so refusing
     * names that resolve to private addresses is the proxy's job.
     *
     * @param proxy an {@link Proxy.Type#HTTP} proxy, or {@link Proxy#NO_PROXY} to connect
     *     directly (the default)
     * @return this builder
     * @throws IllegalArgumentException for a SOCKS proxy, whose connections the guard cannot see
     */
    public Builder proxy(Proxy proxy) {
      Objects.requireNonNull(proxy, "proxy");
      if (proxy.type() == Proxy.Type.SOCKS) {
        throw new IllegalArgumentException("Only HTTP proxies are supported: the SSRF guard cannot"
            + " check the connections a SOCKS proxy makes; use an HTTP egress proxy");
      }
      if (proxy.type() == Proxy.Type.HTTP && !(proxy.address() instanceof InetSocketAddress)) {
        throw new IllegalArgumentException("An HTTP proxy needs a host and port: " + proxy);
      }
      this.proxy = proxy.type() == Proxy.Type.DIRECT ? null : proxy;
      return this;
    }

    /**
     * Encodes payload objects; {@link PayloadCodec#jackson()} by default.
     *
     * @param codec the codec
     * @return this builder
     */
    public Builder payloadCodec(PayloadCodec codec) {
      this.codec = Objects.requireNonNull(codec, "codec");
      return this;
    }

    /**
     * How long connecting may take; 5 seconds by default.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Arguments.requirePositive(timeout, "connectTimeout");
      return this;
    }

    /**
     * How long a whole attempt may take, from resolving the host to reading the response;
     * 15 seconds by default.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = Arguments.requirePositive(timeout, "callTimeout");
      return this;
    }

    /**
     * The most attempts in flight over all endpoints; 64 by default.
     *
     * @param maxConcurrency at least 1
     * @return this builder
     */
    public Builder maxConcurrency(int maxConcurrency) {
      this.maxConcurrency = Arguments.requireAtLeastOne(maxConcurrency, "maxConcurrency");
      return this;
    }

    /**
     * The most attempts in flight to one endpoint, unless the endpoint sets its own; 8 by
     * default. Keep it below {@link #maxConcurrency(int)} so one slow endpoint cannot hold
     * every connection.
     *
     * @param maxConcurrency at least 1
     * @return this builder
     */
    public Builder maxConcurrencyPerEndpoint(int maxConcurrency) {
      this.maxConcurrencyPerEndpoint = Arguments.requireAtLeastOne(maxConcurrency, "maxConcurrencyPerEndpoint");
      return this;
    }

    /**
     * Each endpoint's circuit breaker; {@link CircuitBreaker#defaults()} by default.
     *
     * @param circuitBreaker the settings, or {@link CircuitBreaker#disabled()}
     * @return this builder
     */
    public Builder circuitBreaker(CircuitBreaker circuitBreaker) {
      this.circuitBreaker = Objects.requireNonNull(circuitBreaker, "circuitBreaker");
      return this;
    }

    /**
     * Disables an endpoint when every attempt to it has failed for this long; 5 days by
     * default.
     *
     * @param period positive
     * @return this builder
     */
    public Builder disableAfter(Duration period) {
      this.disableAfter = Arguments.requirePositive(period, "disableAfter");
      return this;
    }

    /**
     * Never disables endpoints, however long they fail.
     *
     * @return this builder
     */
    public Builder neverDisable() {
      this.disableAfter = null;
      return this;
    }

    /**
     * How much of each response body the attempt log keeps; 4 KiB by default.
     *
     * @param bytes 0 or more
     * @return this builder
     */
    public Builder maxResponseBodyBytes(int bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("maxResponseBodyBytes must not be negative, was " + bytes);
      }
      this.maxResponseBodyBytes = bytes;
      return this;
    }

    /**
     * How long {@link WebhookClient#close()} waits for attempts in flight; 30 seconds by
     * default.
     *
     * @param timeout zero or more
     * @return this builder
     */
    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = Arguments.requireNotNegative(timeout, "closeTimeout");
      return this;
    }

    /**
     * How often the store is polled for due deliveries that nothing in this process announced
     * (another instance's, expired leases); 1 second by default.
     *
     * @param interval positive
     * @return this builder
     */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = Arguments.requirePositive(interval, "pollInterval");
      return this;
    }

    /**
     * How long a claimed delivery is leased to this client before another may take it; 5
     * minutes by default. Keep it well above the call timeout.
     *
     * @param lease positive
     * @return this builder
     */
    public Builder lease(Duration lease) {
      this.lease = Arguments.requirePositive(lease, "lease");
      return this;
    }

    // The proxy is where the client connects: the guard must let it through, even on a
    // private network, as if the application had allow-listed it.
    private SsrfPolicy guardAllowingProxy() {
      if (proxy == null || !ssrfPolicy.enabled()) {
        return ssrfPolicy;
      }
      String host = ((InetSocketAddress) proxy.address()).getHostString();
      return ssrfPolicy.toBuilder().allow(host).build();
    }

    /**
     * Builds the client and starts its delivery loop.
     *
     * @return the client
     */
    public WebhookClient build() {
      Transport transport = sharedTransport != null
          ? sharedTransport.retain()
          : new Transport(guardAllowingProxy(), proxy, connectTimeout, callTimeout, maxConcurrency,
              maxResponseBodyBytes);
      return new WebhookClient(this, transport);
    }
  }
}
