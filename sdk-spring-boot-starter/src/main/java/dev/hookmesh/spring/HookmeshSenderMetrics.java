package dev.hookmesh.spring;

import static dev.hookmesh.spring.internal.SenderBacklog.DISABLED;
import static dev.hookmesh.spring.internal.SenderBacklog.GONE;
import static dev.hookmesh.spring.internal.SenderBacklog.OPEN_CIRCUIT;

import dev.hookmesh.WebhookClient;
import dev.hookmesh.delivery.EndpointHealth;
import dev.hookmesh.spring.internal.SenderBacklog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Gauges for a webhook sender, bound to every registry by Spring Boot's metrics
 * auto-configuration:
 *
 * <ul>
 *   <li>{@code hookmesh.sender.queue.depth}: deliveries pending
 *   <li>{@code hookmesh.sender.oldest.due.age} (seconds): how long the most overdue delivery has
 *       waited past its due time; a growing value means the sender falls behind
 *   <li>{@code hookmesh.sender.circuits.open}: endpoints whose circuit is open
 *   <li>{@code hookmesh.sender.endpoints.disabled}, tagged {@code reason=disabled} or
 *       {@code reason=gone}: endpoints that are sent nothing
 * </ul>
 *
 * <p>No tag names an endpoint, so the number of series stays fixed however many customers
 * there are.
 */
public final class HookmeshSenderMetrics implements MeterBinder {

  private final WebhookClient client;
  private final Clock clock;

  /**
   * Measures a client.
   *
   * @param client the client
   * @param clock the clock that says how overdue deliveries are
   */
  public HookmeshSenderMetrics(WebhookClient client, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("hookmesh.sender.queue.depth", client, c -> c.store().pendingCount())
        .description("Webhook deliveries pending").register(registry);
    Gauge.builder("hookmesh.sender.oldest.due.age", client,
            c -> SenderBacklog.oldestDueAge(c, clock.instant()).toMillis() / 1000.0)
        .baseUnit("seconds")
        .description("How long the most overdue webhook delivery has waited past its due time")
        .register(registry);
    Gauge.builder("hookmesh.sender.circuits.open", client, c -> count(c, OPEN_CIRCUIT))
        .description("Webhook endpoints whose circuit breaker is open").register(registry);
    endpointsSentNothing(registry, "disabled", DISABLED);
    endpointsSentNothing(registry, "gone", GONE);
  }

  private void endpointsSentNothing(
      MeterRegistry registry, String reason, Predicate<EndpointHealth> which) {
    Gauge.builder("hookmesh.sender.endpoints.disabled", client, c -> count(c, which))
        .tag("reason", reason)
        .description("Webhook endpoints that are sent nothing").register(registry);
  }

  private static double count(WebhookClient client, Predicate<EndpointHealth> which) {
    return SenderBacklog.endpoints(client, which).size();
  }
}
