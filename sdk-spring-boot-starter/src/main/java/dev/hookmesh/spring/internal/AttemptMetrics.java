package dev.hookmesh.spring.internal;

import dev.hookmesh.delivery.DeliveryAttempt;
import dev.hookmesh.delivery.DeliveryEvent;
import dev.hookmesh.delivery.DeliveryListener;
import dev.hookmesh.delivery.DeliveryOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Locale;

/**
 * Counts attempts and finished deliveries, for every registry it is bound to:
 * {@code hookmesh.sender.attempts} tagged {@code outcome} (success, failure, error when no
 * response came) and {@code status} (2xx ... 5xx, none), and {@code hookmesh.sender.deliveries}
 * tagged {@code outcome} (delivered, exhausted, refused, endpoint_gone, endpoint_disabled). Tags never
 * name an endpoint or a URL, so the number of series stays fixed.
 */
public final class AttemptMetrics implements DeliveryListener, MeterBinder {

  // Events before the first registry is bound are counted nowhere, like any meter in a
  // composite without members.
  private final CompositeMeterRegistry registries = new CompositeMeterRegistry();

  @Override
  public void bindTo(MeterRegistry registry) {
    registries.add(registry);
  }

  @Override
  public void onEvent(DeliveryEvent event) {
    DeliveryAttempt attempt = event.lastAttempt();
    if (event.type() == DeliveryEvent.Type.ATTEMPTED && attempt != null) {
      registries.counter("hookmesh.sender.attempts",
          "outcome", attemptOutcome(attempt), "status", statusClass(attempt)).increment();
    } else if (event.type() == DeliveryEvent.Type.FINISHED && event.outcome() != null) {
      registries.counter("hookmesh.sender.deliveries", "outcome", outcome(event.outcome()))
          .increment();
    }
  }

  /** An attempt's outcome tag: success, failure, or error when no response came. */
  static String attemptOutcome(DeliveryAttempt attempt) {
    if (attempt.succeeded()) {
      return "success";
    }
    return attempt.statusCode().isPresent() ? "failure" : "error";
  }

  /** An attempt's status class tag: 2xx ... 5xx, or none. */
  static String statusClass(DeliveryAttempt attempt) {
    return attempt.statusCode().isPresent() ? attempt.status() / 100 + "xx" : "none";
  }

  private static String outcome(DeliveryOutcome outcome) {
    return outcome.name().toLowerCase(Locale.ROOT);
  }
}
