package dev.hookmesh.spring;

import static dev.hookmesh.spring.internal.SenderBacklog.DISABLED;
import static dev.hookmesh.spring.internal.SenderBacklog.GONE;
import static dev.hookmesh.spring.internal.SenderBacklog.OPEN_CIRCUIT;

import dev.hookmesh.WebhookClient;
import dev.hookmesh.spring.internal.SenderBacklog;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code hookmesh} health indicator: how the webhook sender is doing.
 *
 * <p>Details: {@code queueDepth} (deliveries pending), {@code oldestDueAge} (how long the most
 * overdue delivery has waited past its due time, ISO-8601), and the ids of endpoints with an
 * open circuit ({@code openCircuits}), disabled ({@code disabledEndpoints}) or gone
 * ({@code goneEndpoints}), at most {@value #MAX_LISTED} each, with their counts.
 *
 * <p>The status is UP even when customers' endpoints fail, are disabled or gone, or deliveries
 * back up: those are the customers' problems, and a failing customer endpoint must not take
 * the sender's instance out of a load balancer or get it restarted. It is DOWN only when the
 * delivery store cannot be read, the sender's own failure (for the JDBC store, its database).
 * Alert on the details or on the {@code hookmesh.sender.*} gauges instead.
 */
public final class HookmeshSenderHealthIndicator extends AbstractHealthIndicator {

  /** The most endpoint ids listed per detail; the counts are always complete. */
  public static final int MAX_LISTED = 20;

  private final WebhookClient client;
  private final Clock clock;

  /**
   * Reports on a client.
   *
   * @param client the client
   * @param clock the clock that says how overdue deliveries are
   */
  public HookmeshSenderHealthIndicator(WebhookClient client, Clock clock) {
    super("Webhook sender health check failed");
    this.client = Objects.requireNonNull(client, "client");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    builder.up()
        .withDetail("queueDepth", client.store().pendingCount())
        .withDetail("oldestDueAge", SenderBacklog.oldestDueAge(client, clock.instant()).toString());
    detail(builder, "openCircuits", SenderBacklog.endpoints(client, OPEN_CIRCUIT));
    detail(builder, "disabledEndpoints", SenderBacklog.endpoints(client, DISABLED));
    detail(builder, "goneEndpoints", SenderBacklog.endpoints(client, GONE));
  }

  private static void detail(Health.Builder builder, String name, List<String> endpointIds) {
    builder.withDetail(name, endpointIds.subList(0, Math.min(MAX_LISTED, endpointIds.size())))
        .withDetail(name + "Count", endpointIds.size());
  }
}
