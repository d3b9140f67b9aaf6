package dev.hookmesh.spring;

import dev.hookmesh.retry.ClientErrorHandling;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the auto-configured {@link dev.hookmesh.WebhookClient}, bound from
 * {@code hookmesh.sender.*}. Endpoints are not configured here: they are runtime data that
 * customers register, passed to {@code send}.
 *
 * <pre>{@code
 * hookmesh:
 *   sender:
 *     retry:
 *       policy: exponential
 *       max-elapsed: 48h
 *     ssrf:
 *       allow: [10.20.0.0/16]
 * }</pre>
 *
 * @param enabled whether to auto-configure a WebhookClient at all
 * @param retry when failed attempts are tried again
 * @param timeouts how long an attempt may take
 * @param ssrf which addresses endpoints may reach
 * @param concurrency how many attempts run at once
 * @param circuitBreaker when an endpoint's circuit opens, and for how long
 * @param disableAfter how long an endpoint may keep failing before it is disabled; zero never
 *     disables
 * @param pollInterval how often the store is polled for due deliveries when nothing woke the
 *     client, such as deliveries enqueued by another instance
 * @param lease how long a claimed delivery is held before another instance may take it over
 * @param closeTimeout how long shutdown waits for attempts in flight; unfinished deliveries
 *     stay pending in the store
 * @param store where deliveries are recorded: auto uses a DeliveryStore bean when there
 *     is one (the JDBC store when a DataSource is present) and memory otherwise, memory
 *     always keeps them in memory, jdbc requires a DeliveryStore bean
 * @param keepFinished when deliveries are kept in memory, how many finished messages are kept
 *     with their attempt logs for inspection and redelivery; older ones are forgotten, pending
 *     deliveries never
 * @param proxy an HTTP egress proxy every attempt goes through, as host:port; the proxy then
 *     resolves endpoint host names and must enforce where webhooks may go
 */
@ConfigurationProperties("hookmesh.sender")
public record HookmeshSenderProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue Retry retry,
    @DefaultValue Timeouts timeouts,
    @DefaultValue Ssrf ssrf,
    @DefaultValue Concurrency concurrency,
    @DefaultValue CircuitBreaker circuitBreaker,
    @DefaultValue("5d") Duration disableAfter,
    @DefaultValue("1s") Duration pollInterval,
    @DefaultValue("5m") Duration lease,
    @DefaultValue("30s") Duration closeTimeout,
    @DefaultValue("auto") Store store,
    @DefaultValue("1000") int keepFinished,
    @Nullable String proxy) {

  /** Where deliveries are recorded. */
  public enum Store {
    /** A DeliveryStore bean when there is one, memory otherwise. */
    AUTO,
    /** In memory: deliveries are lost when the application stops. */
    MEMORY,
    /** The DeliveryStore bean, which must exist (the JDBC store with a DataSource). */
    JDBC
  }

  /** The built-in retry policies. */
  public enum Policy {
    /** The Standard Webhooks schedule: 5s, 5m, 30m, 2h, 5h, 10h, 10h, each ±20%. */
    STANDARD_WEBHOOKS,
    /** Exponential backoff with full jitter. */
    EXPONENTIAL,
    /** One attempt, no retries. */
    NONE
  }

  /**
   * When failed attempts are tried again. Settings left out keep the chosen policy's defaults.
   *
   * @param policy the policy: standard-webhooks, exponential or none
   * @param initial for exponential, the bound of the first delay
   * @param multiplier for exponential, how much the bound grows per attempt
   * @param maxDelay for exponential, the largest delay bound
   * @param maxAttempts the most attempts, the first included
   * @param maxElapsed the longest a delivery may keep retrying
   * @param clientErrors what a 4xx without a rule of its own does: retry or stop
   */
  public record Retry(
      @DefaultValue("standard-webhooks") Policy policy,
      @Nullable Duration initial,
      @Nullable Double multiplier,
      @Nullable Duration maxDelay,
      @Nullable Integer maxAttempts,
      @Nullable Duration maxElapsed,
      @Nullable ClientErrorHandling clientErrors) {}

  /**
   * How long an attempt may take.
   *
   * @param connect how long connecting to an endpoint may take
   * @param call how long a whole attempt may take, from connecting to reading the response
   */
  public record Timeouts(
      @DefaultValue("5s") Duration connect, @DefaultValue("15s") Duration call) {}

  /**
   * Which addresses endpoints may reach. By default only public addresses: a customer cannot
   * register an endpoint that points into your network.
   *
   * @param enabled whether the guard is on; switch it off only in tests
   * @param allow CIDR ranges or host names allowed although not public, such as
   *     127.0.0.1/32 for a local receiver
   * @param httpsOnly whether to refuse endpoints whose URL is not https
   */
  public record Ssrf(
      @DefaultValue("true") boolean enabled,
      @DefaultValue List<String> allow,
      @DefaultValue("false") boolean httpsOnly) {}

  /**
   * How many attempts run at once.
   *
   * @param max the most attempts running at once over all endpoints
   * @param perEndpoint the most attempts running at once to one endpoint, so that one slow
   *     customer cannot take every connection
   */
  public record Concurrency(
      @DefaultValue("64") int max, @DefaultValue("8") int perEndpoint) {}

  /**
   * When an endpoint's circuit opens, and for how long; each endpoint has its own circuit.
   *
   * @param enabled whether circuits open at all
   * @param consecutiveFailures how many failed attempts in a row open the circuit
   * @param failureRate which share of failed attempts over the window opens the circuit
   * @param window how many recent attempts the failure rate is measured over
   * @param openDuration how long the circuit stays open before a probe attempt
   */
  public record CircuitBreaker(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("10") int consecutiveFailures,
      @DefaultValue("0.5") double failureRate,
      @DefaultValue("50") int window,
      @DefaultValue("30s") Duration openDuration) {}
}
