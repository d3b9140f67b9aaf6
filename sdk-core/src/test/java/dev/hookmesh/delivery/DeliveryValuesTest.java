package dev.hookmesh.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookmesh.EndpointResolver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The delivery package's values: what they hold, what they refuse, how they print. */
class DeliveryValuesTest {

  private static final Instant T0 = Instant.parse("2026-11-23T06:00:00Z");

  @Test
  void anAttemptWithoutAResponseHasNoStatus() {
    DeliveryAttempt attempt = new DeliveryAttempt("m", "ep", 1, T0, Duration.ofMillis(5), 0, Map.of(), "",
        "SocketTimeoutException: timeout");

    assertThat(attempt.statusCode()).isEmpty();
    assertThat(attempt.succeeded()).isFalse();
  }

  @Test
  void anAttemptWith2xxSucceeded() {
    DeliveryAttempt attempt = new DeliveryAttempt("m", "ep", 1, T0, Duration.ofMillis(5), 204,
        Map.of("x", List.of("1")), "", null);

    assertThat(attempt.statusCode()).hasValue(204);
    assertThat(attempt.succeeded()).isTrue();
    assertThatThrownBy(() -> attempt.responseHeaders().put("y", List.of()))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aPendingDeliveryRefusesNegativeAttempts() {
    assertThatThrownBy(() -> new PendingDelivery(
        dev.hookmesh.WebhookMessage.builder("a.b").body(new byte[0], "application/json").build(),
        "ep", -1, null, T0, null, null)).hasMessageContaining("attempts");
  }

  @Test
  void aDeliveryHandsOutCopiesOfItsResult() {
    CompletableFuture<DeliveryResult> result = new CompletableFuture<>();
    Delivery delivery = new Delivery("m", "ep", result);

    delivery.result().cancel(true);
    result.complete(new DeliveryResult("m", "ep", DeliveryOutcome.DELIVERED, 1, null, T0));

    assertThat(delivery.result()).isCompleted();
    assertThat(delivery.toString()).contains("done=true");
  }

  @Test
  void circuitBreakerSettingsAreValidated() {
    CircuitBreaker.Builder builder = CircuitBreaker.builder();

    assertThatThrownBy(() -> builder.consecutiveFailures(0)).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> builder.failureRate(0, 10)).hasMessageContaining("(0, 1]");
    assertThatThrownBy(() -> builder.failureRate(0.5, CircuitBreaker.MAX_WINDOW + 1)).hasMessageContaining("window");
    assertThatThrownBy(() -> builder.openDuration(Duration.ZERO)).hasMessageContaining("positive");
    assertThat(CircuitBreaker.disabled()).hasToString("CircuitBreaker.disabled()");
  }

  @Test
  void theNoneResolverFindsNothing() {
    assertThat(EndpointResolver.none().find("ep_1")).isEmpty();
  }
}
