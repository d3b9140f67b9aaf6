package dev.hookmesh.spring.internal;

import dev.hookmesh.inbox.InboxActivity;
import dev.hookmesh.inbox.InboxListener;
import dev.hookmesh.inbox.InboxStats;
import dev.hookmesh.inbox.InboxStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The inbox in Micrometer: {@code hookmesh.inbox.events} counted by {@code outcome} (received,
 * duplicate, processed, retry_scheduled, dead_lettered) and {@code endpoint} (the configured
 * endpoint's name, never a URL or id), {@code hookmesh.inbox.lag} from arrival to processing,
 * and gauges of the pending events ({@code hookmesh.inbox.depth}), the dead letters
 * ({@code hookmesh.inbox.dead}) and how long the oldest pending event has waited
 * ({@code hookmesh.inbox.oldest.age}, seconds).
 */
public final class InboxMetrics implements InboxListener, MeterBinder {

  private final InboxStore store;
  private final Clock clock;
  // Activity before the first registry is bound is counted nowhere, like any meter in a
  // composite without members.
  private final CompositeMeterRegistry registries = new CompositeMeterRegistry();

  /**
   * Creates the metrics.
   *
   * @param store the store the gauges read
   * @param clock the time the oldest event's age is measured at
   */
  public InboxMetrics(InboxStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    registries.add(registry);
    gauge(registry, "hookmesh.inbox.depth", "Inbox events waiting to be processed",
        InboxStats::pending);
    gauge(registry, "hookmesh.inbox.dead", "Dead letters waiting for a redrive", InboxStats::dead);
    gauge(registry, "hookmesh.inbox.oldest.age",
        "Seconds the oldest pending inbox event has waited", this::oldestAge);
  }

  private void gauge(MeterRegistry registry, String name, String description,
      ToDoubleFunction<InboxStats> value) {
    Gauge.builder(name, store, s -> {
      try {
        return value.applyAsDouble(s.stats());
      } catch (RuntimeException e) {
        return Double.NaN; // the database is down; the health indicator says so
      }
    }).description(description).register(registry);
  }

  private double oldestAge(InboxStats stats) {
    Instant oldest = stats.oldestPendingReceivedAt();
    return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis())
        / 1000.0;
  }

  @Override
  public void onActivity(InboxActivity activity) {
    String endpoint = activity.event().endpoint();
    registries.counter("hookmesh.inbox.events", "outcome",
        activity.type().name().toLowerCase(Locale.ROOT), "endpoint", endpoint).increment();
    Duration lag = activity.lag();
    if (lag != null) {
      Timer.builder("hookmesh.inbox.lag").description("From an inbox event's arrival to its"
          + " processing").tag("endpoint", endpoint).register(registries).record(lag);
    }
  }
}
