package dev.hookmesh.spring.internal;

import dev.hookmesh.HeaderLookup;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Records a Micrometer {@link Observation} named {@value #NAME} per received webhook, and one
 * named {@value #PROCESSED} per inbox event processed. Inside an observation of its own, such as
 * Spring MVC's of the HTTP request, each is that one's child; otherwise it continues the trace
 * context of the request's headers, or of those stored with the inbox event ({@code traceparent})
 * as a consumer. Either way listeners run with it current, so their spans belong to the sender's
 * trace, however long the event waited in the inbox.
 */
public final class ObservationReceiptObserver implements ReceiptObserver {

  /** The observation name. */
  public static final String NAME = "hookmesh.webhook.received";

  /** The observation of processing an event from the inbox. */
  public static final String PROCESSED = "hookmesh.inbox.processed";

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
  public Receipt start(String endpoint, HeaderLookup headers) {
    return observe(NAME, "webhook " + endpoint, endpoint, headers);
  }

  @Override
  public Receipt process(String endpoint, HeaderLookup headers) {
    return observe(PROCESSED, "webhook process " + endpoint, endpoint, headers);
  }

  private Receipt observe(String name, String contextualName, String endpoint,
      HeaderLookup headers) {
    Observation observation = Observation.createNotStarted(name, () -> context(headers), registry)
        .contextualName(contextualName)
        .lowCardinalityKeyValue("hookmesh.endpoint", endpoint)
        .start();
    if (observation.isNoop()) {
      return Receipt.IGNORED; // a no-op registry, or one whose predicates skip this observation
    }
    return new Receipt() {
      @Override
      public void stop(String eventType, Outcome outcome, @Nullable Throwable error) {
        observation.lowCardinalityKeyValue("hookmesh.event.type", eventType)
            .lowCardinalityKeyValue("hookmesh.outcome", outcome.name().toLowerCase(Locale.ROOT));
        if (error != null) {
          observation.error(error);
        }
        observation.stop();
      }

      @Override
      public Scope openScope() {
        return observation.openScope()::close;
      }
    };
  }

  private Observation.Context context(HeaderLookup headers) {
    if (registry.getCurrentObservation() != null) {
      return new Observation.Context(); // the server's observation continued the trace
    }
    ReceiverContext<HeaderLookup> received =
        new ReceiverContext<>(ObservationReceiptObserver::first, Kind.CONSUMER);
    received.setCarrier(headers);
    return received;
  }

  private static @Nullable String first(HeaderLookup headers, String name) {
    List<String> values = headers.values(name);
    return values.isEmpty() ? null : values.get(0);
  }
}
