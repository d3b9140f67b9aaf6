package dev.hookmesh.delivery.internal;

import dev.hookmesh.Endpoint;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.delivery.DeliveryAttempt;
import dev.hookmesh.http.SsrfPolicy;
import dev.hookmesh.internal.MediaTypes;
import java.io.IOException;
import java.net.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * The OkHttp side of delivering: one client with one connection pool and one dispatcher,
 * shared by every client derived with {@code newBuilder()} and by every endpoint's variant
 * (timeouts, redirects). Reference-counted, so the last client to close releases the threads
 * and connections.
 */
public final class Transport {

  /** The {@code User-Agent} of every request: {@code Hookmesh/<version>}. */
  public static final String USER_AGENT = "Hookmesh/" + version();

  private final OkHttpClient base;
  private final int maxResponseBody;
  private final AtomicInteger users = new AtomicInteger(1);
  private final Map<Settings, OkHttpClient> variants = new ConcurrentHashMap<>();

  private record Settings(@Nullable Duration connectTimeout, @Nullable Duration callTimeout,
      boolean followRedirects) {}

  /**
   * Builds the shared OkHttp client.
   *
   * @param ssrfPolicy the SSRF guard, installed last
   * @param proxy the HTTP proxy every attempt goes through, or {@code null} to connect directly
   * @param connectTimeout the default connect timeout
   * @param callTimeout the default call timeout
   * @param maxRequests the most attempts in flight over all endpoints
   * @param maxResponseBody how many response body bytes an attempt records
   */
  public Transport(SsrfPolicy ssrfPolicy, @Nullable Proxy proxy, Duration connectTimeout,
      Duration callTimeout, int maxRequests, int maxResponseBody) {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(maxRequests);
    // Endpoints have their own limits; OkHttp's per-host default of 5 would cap one endpoint lower.
    dispatcher.setMaxRequestsPerHost(maxRequests);
    OkHttpClient.Builder builder = new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(Math.max(5, maxRequests), 5, TimeUnit.MINUTES))
        .connectTimeout(connectTimeout)
        .readTimeout(Duration.ZERO)
        .writeTimeout(Duration.ZERO)
        .callTimeout(callTimeout)
        .followRedirects(false)
        .followSslRedirects(false)
        .retryOnConnectionFailure(false);
    if (proxy != null) {
      builder.proxy(proxy);
    }
    this.base = ssrfPolicy.applyTo(builder).build();
    this.maxResponseBody = maxResponseBody;
  }

  /**
   * Adds a user of this transport, for a derived client.
   *
   * @return this transport
   */
  public Transport retain() {
    users.incrementAndGet();
    return this;
  }

  /** Removes a user; the last one shuts the dispatcher's threads and evicts connections. */
  public void release() {
    if (users.decrementAndGet() == 0) {
      base.dispatcher().executorService().shutdown();
      base.connectionPool().evictAll();
    }
  }

  /**
   * The shared OkHttp client.
   *
   * @return the client
   */
  public OkHttpClient okHttp() {
    return base;
  }

  /**
   * A call delivering a message to an endpoint, signed now.
   *
   * @param endpoint the endpoint
   * @param message the message, encoded
   * @param timestamp the signing time
   * @param traceHeaders headers an observer adds, such as {@code traceparent}; the endpoint's
   *     own headers and the signature's come after them, and win
   * @return the call, not started
   */
  public Call newCall(Endpoint endpoint, WebhookMessage message, Instant timestamp,
      Map<String, String> traceHeaders) {
    Request.Builder request = new Request.Builder()
        .url(endpoint.url())
        .header("User-Agent", USER_AGENT)
        .post(RequestBody.create(message.body(), MediaTypes.get(message.contentType())));
    traceHeaders.forEach((name, value) -> {
      if (traceable(name)) {
        request.header(name, value);
      }
    });
    endpoint.headers().forEach((name, values) -> values.forEach(value -> request.addHeader(name, value)));
    endpoint.signer().sign(message.id(), timestamp, message.body()).forEach(request::header);
    return clientFor(endpoint).newCall(request.build());
  }

  /** Whether an observer may set a header: not one the request or its signature owns. */
  private static boolean traceable(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return !lower.startsWith("webhook-") && !lower.equals("user-agent")
        && !lower.startsWith("content-") && !lower.equals("host");
  }

  private OkHttpClient clientFor(Endpoint endpoint) {
    Settings settings = new Settings(endpoint.connectTimeout().orElse(null),
        endpoint.callTimeout().orElse(null), endpoint.followRedirects());
    if (settings.connectTimeout == null && settings.callTimeout == null && !settings.followRedirects) {
      return base;
    }
    return variants.computeIfAbsent(settings, s -> {
      OkHttpClient.Builder variant = base.newBuilder();
      if (s.connectTimeout != null) {
        variant.connectTimeout(s.connectTimeout);
      }
      if (s.callTimeout != null) {
        variant.callTimeout(s.callTimeout);
      }
      return variant.followRedirects(s.followRedirects).followSslRedirects(s.followRedirects).build();
    });
  }

  /**
   * The record of an attempt that got a response; reads at most the bounded body and closes
   * the response.
   *
   * @param messageId the message
   * @param endpointId the endpoint
   * @param attempt the attempt number
   * @param startedAt when the attempt started
   * @param duration how long it took
   * @param response the response
   * @param headers its headers, as {@link okhttp3.Headers#toMultimap()} gives them
   * @return the attempt
   */
  public DeliveryAttempt recordOf(String messageId, String endpointId, int attempt,
      Instant startedAt, Duration duration, Response response, Map<String, List<String>> headers) {
    try (response) {
      String body;
      try {
        body = response.peekBody(maxResponseBody).string();
      } catch (IOException e) {
        body = "";
      }
      return new DeliveryAttempt(messageId, endpointId, attempt, startedAt, duration,
          response.code(), headers, body, null);
    }
  }

  /**
   * The record of an attempt that got no response.
   *
   * @param messageId the message
   * @param endpointId the endpoint
   * @param attempt the attempt number
   * @param startedAt when the attempt started
   * @param duration how long it took
   * @param error what went wrong
   * @return the attempt
   */
  public static DeliveryAttempt recordOf(String messageId, String endpointId, int attempt,
      Instant startedAt, Duration duration, Throwable error) {
    return new DeliveryAttempt(messageId, endpointId, attempt, startedAt, duration, 0, Map.of(),
        "", describe(error));
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static String version() {
    String version = Transport.class.getPackage().getImplementationVersion();
    return version == null || version.isBlank() ? "dev" : version;
  }
}
