package dev.hookmesh.spring.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookmesh.Endpoint;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.jdbc.TestDatabases.PostgresDatabase;
import dev.hookmesh.spring.inbox.InboxDatabase;
import dev.hookmesh.spring.tracing.TracingTestApplication.Heard;
import dev.hookmesh.spring.tracing.TracingTestApplication.Listeners;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A trace across the webhook, over real HTTP and a real PostgreSQL outbox and inbox: the span a
 * provider's request is in is the parent of the send's span, which is the parent of every
 * attempt's, a retry days later included, since the context is stored with the message; and the
 * customer's listener runs in a span of the same trace, inline or from the inbox.
 */
@SpringBootTest(classes = TracingTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
        "hookmesh.sender.ssrf.allow=127.0.0.1/32",
        "hookmesh.sender.poll-interval=50ms",
        "hookmesh.sender.retry.policy=exponential",
        "hookmesh.sender.retry.initial=10ms",
        "hookmesh.sender.retry.max-delay=50ms",
        "hookmesh.sender.retry.max-attempts=5",
        "hookmesh.receiver.inbox.poll-interval=50ms",
        "hookmesh.receiver.endpoints.traced.secrets[0]=" + WebhookTracingTest.SECRET,
        "hookmesh.receiver.endpoints.traced-inbox.processing=inbox",
        "hookmesh.receiver.endpoints.traced-inbox.secrets[0]=" + WebhookTracingTest.SECRET})
class WebhookTracingTest {

  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final PostgresDatabase DATABASE = InboxDatabase.create();

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", DATABASE::jdbcUrl);
  }

  @LocalServerPort int port;
  @Autowired WebhookClient client;
  @Autowired Tracer tracer;
  @Autowired InMemorySpanExporter spans;
  @Autowired Listeners listeners;
  @Autowired DataSource dataSource;

  @BeforeEach
  void forgetEarlierSpans() {
    spans.reset();
  }

  private Endpoint endpoint(String name) {
    return Endpoint.builder("http://127.0.0.1:" + port + "/webhooks/" + name).id(name)
        .key(SECRET).build();
  }

  /** Sends inside a span of the provider's own, as a request handler would; returns that span. */
  @SuppressWarnings("try") // the scope is opened for what runs inside it
  private SpanData sendInCheckout(Endpoint endpoint, String messageId) {
    Span checkout = tracer.nextSpan().name("checkout").start();
    try (Tracer.SpanInScope scope = tracer.withSpan(checkout)) {
      client.send(endpoint, WebhookMessage.builder("order.paid").id(messageId)
          .payload(Map.of("order", "ord_1")).build());
    } finally {
      checkout.end();
    }
    return only("checkout", checkout.context().traceId());
  }

  @Test
  void everyAttemptIsAChildOfTheSendAndTheListenerRunsInTheSameTrace() {
    SpanData checkout = sendInCheckout(endpoint("traced"), "msg_traced_retry");
    String trace = checkout.getTraceId();

    await().atMost(Duration.ofSeconds(30)).until(() -> named(trace, "webhook attempt").size() == 2
        && named(trace, "webhook traced").size() == 2);

    SpanData send = only("webhook send", trace);
    assertThat(send.getParentSpanId()).isEqualTo(checkout.getSpanId());
    assertThat(send.getKind()).isEqualTo(SpanKind.PRODUCER);
    List<SpanData> attempts = named(trace, "webhook attempt");
    assertThat(attempts).as("the first, and its retry claimed from the stored row")
        .allSatisfy(attempt -> {
          assertThat(attempt.getParentSpanId()).isEqualTo(send.getSpanId());
          assertThat(attempt.getKind()).isEqualTo(SpanKind.CONSUMER);
        })
        .extracting(attempt -> attempt.getAttributes().asMap().entrySet().stream()
            .filter(entry -> entry.getKey().getKey().equals("hookmesh.outcome"))
            .map(entry -> entry.getValue().toString()).findFirst().orElse("?"))
        .containsExactlyInAnyOrder("failure", "success");
    Set<String> attemptIds = ids(attempts);
    List<SpanData> requests = named(trace, "webhook POST");
    assertThat(requests).hasSize(2).allSatisfy(request -> {
      assertThat(attemptIds).contains(request.getParentSpanId());
      assertThat(request.getKind()).isEqualTo(SpanKind.CLIENT);
    });
    // The customer's side continues the traceparent each request carried.
    Set<String> received = ids(named(trace, "webhook traced"));
    assertThat(listeners.heard).filteredOn(heard -> heard.messageId().equals("msg_traced_retry"))
        .hasSize(2)
        .allSatisfy(heard -> {
          assertThat(heard.traceId()).isEqualTo(trace);
          assertThat(received).contains(heard.spanId());
        });
    assertThat(spans.getFinishedSpanItems())
        .filteredOn(span -> span.getName().equals("webhook traced"))
        .allSatisfy(span -> assertThat(span.getTraceId()).isEqualTo(trace));
    assertThat(new JdbcTemplate(dataSource).queryForObject(
        "SELECT trace_context FROM hookmesh_message WHERE id = 'msg_traced_retry'", String.class))
        .as("stored with the message")
        .startsWith("traceparent: 00-" + trace + "-" + send.getSpanId() + "-");
  }

  @Test
  void anInboxEventIsProcessedInTheTraceOfTheRequestThatBroughtIt() {
    SpanData checkout = sendInCheckout(endpoint("traced-inbox"), "msg_traced_inbox");
    String trace = checkout.getTraceId();

    await().atMost(Duration.ofSeconds(30)).until(
        () -> named(trace, "webhook process traced-inbox").size() == 1);

    Set<String> requests = ids(named(trace, "webhook POST"));
    SpanData processed = only("webhook process traced-inbox", trace);
    assertThat(requests).as("the worker continued the traceparent stored with the event")
        .contains(processed.getParentSpanId());
    assertThat(listeners.heard).filteredOn(heard -> heard.messageId().equals("msg_traced_inbox"))
        .singleElement()
        .isEqualTo(new Heard("traced-inbox", "msg_traced_inbox", trace, processed.getSpanId()));
  }

  private List<SpanData> named(String trace, String name) {
    return spans.getFinishedSpanItems().stream()
        .filter(span -> span.getTraceId().equals(trace) && span.getName().equals(name))
        .toList();
  }

  private SpanData only(String name, String trace) {
    List<SpanData> found = named(trace, name);
    assertThat(found).as(name).hasSize(1);
    return found.get(0);
  }

  private static Set<String> ids(List<SpanData> spans) {
    return spans.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
  }
}
