package dev.hookmesh.spring.internal;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Locale;

/** Records a Micrometer {@link Observation} named {@value #NAME} per received webhook. */
public final class ObservationReceiptObserver implements ReceiptObserver {

  /** The observation name. */
  public static final String NAME = "hookmesh.webhook.received";

  private final ObservationRegistry registry;

  /**
   * Observes into a registry.
   *
   * @param registry the registry; {@link ObservationRegistry#NOOP} records nothing
   */
  public ObservationReceiptObserver(ObservationRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Receipt start(String endpoint) {
    Observation observation = Observation.createNotStarted(NAME, registry)
        .contextualName("webhook " + endpoint)
        .lowCardinalityKeyValue("hookmesh.endpoint", endpoint)
        .start();
    if (observation.isNoop()) {
      return Receipt.IGNORED; // a no-op registry, or one whose predicates skip this observation
    }
    return (eventType, outcome, error) -> {
      observation.lowCardinalityKeyValue("hookmesh.event.type", eventType)
          .lowCardinalityKeyValue("hookmesh.outcome", outcome.name().toLowerCase(Locale.ROOT));
      if (error != null) {
        observation.error(error);
      }
      observation.stop();
    };
  }
}
