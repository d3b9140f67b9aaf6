package dev.hookmesh.spring.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.HeaderLookup;
import dev.hookmesh.spring.internal.ObservationReceiptObserver;
import dev.hookmesh.spring.internal.ReceiptObserver.Outcome;
import dev.hookmesh.spring.internal.ReceiptObserver.Receipt;
import dev.hookmesh.spring.internal.ReceiptObserver.Scope;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A received webhook outside any server observation (a WebFlux handler, a plain servlet, an
 * inbox worker) continues the sender's {@code traceparent}, and the listener runs in its span.
 */
class ReceiptTracingTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SENDER_SPAN = "00f067aa0ba902b7";

  private final TracingTestApplication tracing = new TracingTestApplication();
  private final InMemorySpanExporter spans = tracing.spans();
  private final SdkTracerProvider provider = tracing.tracerProvider(spans);
  private final OtelTracer tracer = tracing.tracer(provider);
  private final ObservationRegistry registry =
      tracing.observationRegistry(tracer, tracing.propagator(provider));
  private final ObservationReceiptObserver observer = new ObservationReceiptObserver(registry);

  @AfterEach
  void close() {
    provider.close();
  }

  @Test
  @SuppressWarnings("try") // the scope is opened for what runs inside it
  void aRequestsTraceparentIsContinuedAndCurrentWhileListenersRun() {
    HeaderLookup headers = HeaderLookup.of(
        Map.of("traceparent", "00-" + TRACE + "-" + SENDER_SPAN + "-01"));

    Receipt receipt = observer.start("billing", headers);
    Span inListener;
    try (Scope scope = receipt.openScope()) {
      inListener = tracer.currentSpan();
    }
    receipt.stop("invoice.paid", Outcome.HANDLED, null);

    SpanData received = spans.getFinishedSpanItems().get(0);
    assertThat(received.getName()).isEqualTo("webhook billing");
    assertThat(received.getTraceId()).isEqualTo(TRACE);
    assertThat(received.getParentSpanId()).isEqualTo(SENDER_SPAN);
    assertThat(inListener).isNotNull();
    assertThat(inListener.context().spanId()).isEqualTo(received.getSpanId());
    assertThat(tracer.currentSpan()).as("the scope is closed again").isNull();
  }

  @Test
  void anInboxEventContinuesTheTraceparentStoredWithIt() {
    Receipt receipt = observer.process("shop", HeaderLookup.of(
        Map.of("traceparent", "00-" + TRACE + "-" + SENDER_SPAN + "-01")));
    receipt.stop("order.created", Outcome.HANDLED, null);

    SpanData processed = spans.getFinishedSpanItems().get(0);
    assertThat(processed.getName()).isEqualTo("webhook process shop");
    assertThat(processed.getTraceId()).isEqualTo(TRACE);
    assertThat(processed.getParentSpanId()).isEqualTo(SENDER_SPAN);
  }

  @Test
  void withoutATraceparentAReceiptStartsATraceOfItsOwn() {
    Receipt receipt = observer.start("billing", name -> List.of());
    receipt.stop("unknown", Outcome.REJECTED, null);

    SpanData received = spans.getFinishedSpanItems().get(0);
    assertThat(received.getParentSpanContext().isValid()).isFalse();
  }
}
