package dev.hookmesh.spring.tracing;

import dev.hookmesh.WebhookEvent;
import dev.hookmesh.spring.WebhookListener;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * One application that both sends and receives webhooks, traced by Micrometer Tracing on
 * OpenTelemetry with W3C propagation, every span sampled and kept in memory: as a provider and
 * its customer would be traced, with the webhook between them.
 */
@SpringBootApplication
public class TracingTestApplication {

  @Bean
  InMemorySpanExporter spans() {
    return InMemorySpanExporter.create();
  }

  @Bean(destroyMethod = "close")
  SdkTracerProvider tracerProvider(InMemorySpanExporter spans) {
    return SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(spans))
        .setSampler(Sampler.alwaysOn())
        .build();
  }

  @Bean
  OtelTracer tracer(SdkTracerProvider provider) {
    return new OtelTracer(provider.get("hookmesh-test"), new OtelCurrentTraceContext(),
        event -> { });
  }

  @Bean
  Propagator propagator(SdkTracerProvider provider) {
    return new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()),
        provider.get("hookmesh-test"));
  }

  /** Tracing only: sends and receives become spans, their contexts travel in headers. */
  @Bean
  ObservationRegistry observationRegistry(Tracer tracer, Propagator propagator) {
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new FirstMatchingCompositeObservationHandler(
        new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
        new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
        new DefaultTracingObservationHandler(tracer)));
    return registry;
  }

  /** Where a listener ran: its event, and the span current in it. */
  public record Heard(String endpoint, String messageId, String traceId, String spanId) {}

  /**
   * The customer's listeners, inline and from the inbox: each writes down the span it runs in;
   * an inline event whose id ends in {@code _retry} fails its first time, so the sender retries
   * it from the stored row.
   */
  @Component
  public static class Listeners {
    final List<Heard> heard = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final Tracer tracer;

    Listeners(Tracer tracer) {
      this.tracer = tracer;
    }

    @WebhookListener(endpoint = "traced")
    void inline(WebhookEvent event) {
      heard.add(heard("traced", event));
      if (event.id().endsWith("_retry") && failures.getAndIncrement() == 0) {
        throw new IllegalStateException("the first attempt fails");
      }
    }

    @WebhookListener(endpoint = "traced-inbox")
    void fromInbox(WebhookEvent event) {
      heard.add(heard("traced-inbox", event));
    }

    private Heard heard(String endpoint, WebhookEvent event) {
      Span current = tracer.currentSpan();
      return current == null ? new Heard(endpoint, event.id(), "none", "none")
          : new Heard(endpoint, event.id(), current.context().traceId(),
              current.context().spanId());
    }
  }
}
