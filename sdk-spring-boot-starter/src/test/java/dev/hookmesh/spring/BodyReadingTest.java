package dev.hookmesh.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.HeaderLookup;
import dev.hookmesh.WebhookSigner;
import dev.hookmesh.spring.internal.ObservationReceiptObserver;
import dev.hookmesh.spring.internal.WebhookDispatcher;
import dev.hookmesh.spring.internal.WebhookResponse;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.Order;

/**
 * The body is read only for what needs it: listeners that take the raw body and every event
 * never make it parse, and a payload is bound once, straight from the bytes.
 */
class BodyReadingTest {

  static final List<Object> calls = new CopyOnWriteArrayList<>();
  private static final AtomicInteger ids = new AtomicInteger();

  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(
          JacksonAutoConfiguration.class, HookmeshReceiverAutoConfiguration.class))
      .withPropertyValues(HookmeshReceiverAutoConfigurationTest.BILLING + "secrets[0]="
          + HookmeshReceiverAutoConfigurationTest.SECRET);

  @BeforeEach
  void clear() {
    calls.clear();
  }

  static class RawEverything {
    @WebhookListener(endpoint = "billing")
    void on(byte[] body) {
      calls.add("raw " + new String(body, StandardCharsets.UTF_8));
    }
  }

  static class TypedEverything {
    @WebhookListener(endpoint = "billing")
    void on(@WebhookEventType String type, byte[] body) {
      calls.add("typed " + type);
    }
  }

  record Invoice(String type, BigDecimal amount) {}

  static class RawThenInvoice {
    @Order(1)
    @WebhookListener(endpoint = "billing")
    void first(String body) {
      calls.add("first");
    }

    @Order(2)
    @WebhookListener(endpoint = "billing")
    void invoice(Invoice invoice) {
      calls.add(invoice);
    }
  }

  static class TwoMaps {
    @Order(1)
    @WebhookListener(endpoint = "billing")
    void first(Map<String, Object> event) {
      calls.add(event);
      event.put("changed", true); // the second listener must not see this
    }

    @Order(2)
    @WebhookListener(endpoint = "billing")
    void second(Map<String, Object> event) {
      calls.add(event);
    }
  }

  private static WebhookResponse receive(ApplicationContext context, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    HeaderLookup headers = HeaderLookup.of(WebhookSigner.builder()
        .key(HookmeshReceiverAutoConfigurationTest.SECRET).build()
        .sign("msg_body_" + ids.incrementAndGet(), bytes));
    return context.getBean(WebhookDispatcher.class).receive(
        context.getBean(WebhookEndpoints.class).get("billing"), headers, bytes);
  }

  @Test
  void rawListenerForEveryEventTakesABodyThatIsNotJson() {
    web.withBean(RawEverything.class).run(context -> {
      assertThat(receive(context, "plain text, not JSON").status()).isEqualTo(204);
      assertThat(calls).containsExactly("raw plain text, not JSON");
    });
  }

  @Test
  void anObservationRecordsTheEventTypeWithoutChangingTheAnswer() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    web.withBean(RawEverything.class).withBean(ObservationRegistry.class, () -> registry)
        .run(context -> {
          assertThat(receive(context, "plain text, not JSON").status()).isEqualTo(204);
          TestObservationRegistryAssert.assertThat(registry)
              .hasObservationWithNameEqualTo(ObservationReceiptObserver.NAME).that()
              .hasLowCardinalityKeyValue("hookmesh.event.type", "unknown")
              .hasLowCardinalityKeyValue("hookmesh.outcome", "handled");

          registry.clear();
          assertThat(receive(context, "{\"type\":\"invoice.paid\"}").status()).isEqualTo(204);
          TestObservationRegistryAssert.assertThat(registry)
              .hasObservationWithNameEqualTo(ObservationReceiptObserver.NAME).that()
              .hasLowCardinalityKeyValue("hookmesh.event.type", "invoice.paid");
        });
  }

  @Test
  void aListenerTakingTheEventTypeNeedsJson() {
    web.withBean(TypedEverything.class).run(context -> {
      assertThat(new String(receive(context, "not JSON").problem(), StandardCharsets.UTF_8))
          .contains("INVALID_JSON");
      assertThat(receive(context, "{\"type\":\"invoice.paid\"}").status()).isEqualTo(204);
      assertThat(calls).containsExactly("typed invoice.paid");
    });
  }

  @Test
  void payloadIsBoundFromTheBytesWithFullPrecision() {
    web.withBean(RawThenInvoice.class).run(context -> {
      String body = "{\"type\":\"invoice.paid\",\"amount\":0.1000000000000000000001}";

      assertThat(receive(context, body).status()).isEqualTo(204);
      assertThat(calls).containsExactly(
          "first", new Invoice("invoice.paid", new BigDecimal("0.1000000000000000000001")));
    });
  }

  @Test
  void jsonOfTheWrongShapeFailsItsListenerAfterTheEarlierOnesRan() {
    web.withBean(RawThenInvoice.class).run(context -> {
      WebhookResponse response =
          receive(context, "{\"type\":\"invoice.paid\",\"amount\":\"not a number\"}");

      assertThat(response.status()).isEqualTo(500);
      assertThat(new String(response.problem(), StandardCharsets.UTF_8))
          .contains("LISTENER_FAILED");
      assertThat(calls).containsExactly("first");
    });
  }

  @Test
  void aBodyThatIsNotJsonIsRefusedBeforeAnyListenerRuns() {
    web.withBean(RawThenInvoice.class).run(context -> {
      for (String body : List.of("", "not JSON", "{\"amount\":\"not a number\", broken")) {
        WebhookResponse response = receive(context, body);

        assertThat(response.status()).as(body).isEqualTo(400);
        assertThat(new String(response.problem(), StandardCharsets.UTF_8))
            .contains("INVALID_JSON");
      }
      assertThat(calls).isEmpty();
    });
  }

  @Test
  void eachListenerGetsItsOwnPayload() {
    web.withBean(TwoMaps.class).run(context -> {
      assertThat(receive(context, "{\"type\":\"invoice.paid\"}").status()).isEqualTo(204);

      assertThat(calls).hasSize(2);
      assertThat(calls.get(0)).isNotSameAs(calls.get(1));
      assertThat(calls.get(1)).isEqualTo(Map.of("type", "invoice.paid"));
    });
  }
}
