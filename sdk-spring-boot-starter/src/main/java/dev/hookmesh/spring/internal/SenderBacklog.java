package dev.hookmesh.spring.internal;

import dev.hookmesh.WebhookClient;
import dev.hookmesh.delivery.EndpointHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/** What the health indicator and the gauges read from a client, computed in one place. */
public final class SenderBacklog {

  /** An endpoint whose circuit is open: deliveries to it wait. */
  public static final Predicate<EndpointHealth> OPEN_CIRCUIT =
      health -> health.circuit() == EndpointHealth.CircuitState.OPEN;
  /** An endpoint disabled after failing for too long. */
  public static final Predicate<EndpointHealth> DISABLED = EndpointHealth::disabled;
  /** An endpoint that answered 410 Gone. */
  public static final Predicate<EndpointHealth> GONE = EndpointHealth::gone;

  private SenderBacklog() {}

  /**
   * How long the most overdue delivery has been due: zero when nothing is overdue.
   *
   * @param client the client
   * @param now the current time
   * @return the age, never negative
   */
  public static Duration oldestDueAge(WebhookClient client, Instant now) {
    return client.store().nextDue().filter(due -> due.isBefore(now))
        .map(due -> Duration.between(due, now)).orElse(Duration.ZERO);
  }

  /**
   * The ids of the endpoints the client tracks that match.
   *
   * @param client the client
   * @param which which endpoints
   * @return the ids, ordered
   */
  public static List<String> endpoints(WebhookClient client, Predicate<EndpointHealth> which) {
    return client.endpointHealth().stream().filter(which).map(EndpointHealth::endpointId).toList();
  }
}
