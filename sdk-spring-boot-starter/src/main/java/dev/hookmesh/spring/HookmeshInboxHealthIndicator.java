package dev.hookmesh.spring;

import dev.hookmesh.inbox.InboxStats;
import dev.hookmesh.inbox.WebhookInbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code hookmeshInbox} health indicator: how the webhook inbox is doing.
 *
 * <p>Details: {@code depth} (events waiting to be processed, retries included),
 * {@code oldestPendingAge} (how long the oldest of them has waited, ISO-8601) and
 * {@code deadLetters}. The status is UP while the inbox's store can be read, whatever those
 * numbers: a backlog or dead letters are for alerts on the {@code hookmesh.inbox.*} gauges, and
 * must not take an instance out of the load balancer that would then receive nothing at all.
 * It is DOWN when the store cannot be read: the inbox cannot accept webhooks then.
 */
public final class HookmeshInboxHealthIndicator extends AbstractHealthIndicator {

  private final WebhookInbox inbox;
  private final Clock clock;

  /**
   * Reports on an inbox.
   *
   * @param inbox the inbox
   * @param clock the clock that says how long the oldest event has waited
   */
  public HookmeshInboxHealthIndicator(WebhookInbox inbox, Clock clock) {
    super("Webhook inbox health check failed");
    this.inbox = Objects.requireNonNull(inbox, "inbox");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    InboxStats stats = inbox.stats();
    Instant oldest = stats.oldestPendingReceivedAt();
    Duration age = oldest == null ? Duration.ZERO : Duration.between(oldest, clock.instant());
    builder.up()
        .withDetail("depth", stats.pending())
        .withDetail("oldestPendingAge", (age.isNegative() ? Duration.ZERO : age).toString())
        .withDetail("deadLetters", stats.dead());
  }
}
