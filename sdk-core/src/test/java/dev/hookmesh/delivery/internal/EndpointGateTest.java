package dev.hookmesh.delivery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.delivery.CircuitBreaker;
import dev.hookmesh.delivery.DeliveryEvent;
import dev.hookmesh.delivery.EndpointHealth;
import dev.hookmesh.delivery.EndpointState;
import dev.hookmesh.delivery.internal.EndpointGate.Verdict;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * An endpoint's gate: its circuit holds deliveries and lets one probe through, a gone or
 * disabled endpoint refuses them, and its state reaches the store only when it changed.
 */
class EndpointGateTest {

  private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

  private final EndpointGate gate = new EndpointGate("ep", CircuitBreaker.builder()
      .consecutiveFailures(1).openDuration(Duration.ofSeconds(30)).build(), Duration.ofDays(5),
      T0);

  @Test
  void anOpenCircuitHoldsDeliveriesUntilItsPeriodEnds() {
    assertThat(gate.onResult(false, T0, T0)).containsExactly(DeliveryEvent.Type.CIRCUIT_OPENED);

    assertThat(gate.verdict(T0.plusSeconds(29)))
        .isEqualTo(new Verdict(Verdict.Kind.HOLD, T0.plusSeconds(30)));
    assertThat(gate.health(T0.plusSeconds(29), 0).circuit())
        .isEqualTo(EndpointHealth.CircuitState.OPEN);
  }

  @Test
  void aHalfOpenCircuitLetsOneProbeThrough() {
    gate.onResult(false, T0, T0);
    Instant later = T0.plusSeconds(31);

    assertThat(gate.verdict(later)).isEqualTo(Verdict.OPEN);
    assertThat(gate.concurrency(4)).as("the probe is alone").isOne();

    assertThat(gate.onResult(true, later, later)).containsExactly(DeliveryEvent.Type.CIRCUIT_CLOSED);
    assertThat(gate.concurrency(4)).isEqualTo(4);
  }

  @Test
  void aFailedProbeOpensTheCircuitAgain() {
    gate.onResult(false, T0, T0);
    Instant later = T0.plusSeconds(31);
    gate.verdict(later);

    assertThat(gate.onResult(false, later, later)).containsExactly(DeliveryEvent.Type.CIRCUIT_OPENED);
    assertThat(gate.verdict(later).kind()).isEqualTo(Verdict.Kind.HOLD);
  }

  @Test
  void aGoneEndpointRefusesDeliveries() {
    assertThat(gate.markGone()).isTrue();
    assertThat(gate.markGone()).as("only the first time").isFalse();

    assertThat(gate.verdict(T0)).isEqualTo(Verdict.GONE);
    assertThat(gate.refusing()).isTrue();
  }

  @Test
  void anEndpointFailingForTooLongIsDisabled() {
    gate.onResult(false, T0, T0);

    assertThat(gate.onResult(false, T0.plus(Duration.ofDays(5)), T0.plus(Duration.ofDays(5))))
        .contains(DeliveryEvent.Type.ENDPOINT_DISABLED);
    assertThat(gate.verdict(T0.plus(Duration.ofDays(5)))).isEqualTo(Verdict.DISABLED);
  }

  @Test
  void reportsItsStateOnlyWhenItChanged() {
    assertThat(gate.unsavedState()).isNull();
    gate.onResult(false, T0, T0);

    assertThat(gate.unsavedState()).isEqualTo(new EndpointState("ep", false, false, T0));
    gate.onResult(false, T0.plusSeconds(1), T0.plusSeconds(1));
    assertThat(gate.unsavedState()).as("still failing since T0").isNull();

    gate.onResult(true, T0.plusSeconds(2), T0.plusSeconds(2));
    assertThat(gate.unsavedState()).isEqualTo(new EndpointState("ep", false, false, null));
  }

  @Test
  void aStoredStateDoesNotOverwriteOneNotYetSaved() {
    gate.markGone();
    EndpointState unsaved = gate.unsavedState();
    gate.saveFailed();

    gate.restore(new EndpointState("ep", false, false, null));

    assertThat(unsaved).isNotNull();
    assertThat(gate.refusing()).as("gone here, and the store has not heard yet").isTrue();
    assertThat(gate.unsavedState()).isEqualTo(unsaved);
  }

  @Test
  void anEndpointEnabledElsewhereIsAcceptedAgainWithAClosedCircuit() {
    gate.onResult(false, T0, T0);
    gate.markGone();
    gate.unsavedState();

    gate.restore(new EndpointState("ep", false, false, null));

    assertThat(gate.refusing()).isFalse();
    assertThat(gate.verdict(T0)).isEqualTo(Verdict.OPEN);
    assertThat(gate.health(T0, 0).circuit()).isEqualTo(EndpointHealth.CircuitState.CLOSED);
  }

  @Test
  void looksInTheStoreAgainOnlyAfterTheInterval() {
    Duration interval = Duration.ofSeconds(10);

    assertThat(gate.refreshDue(T0.plusSeconds(9), interval)).isFalse();
    assertThat(gate.refreshDue(T0.plusSeconds(10), interval)).isTrue();
    assertThat(gate.refreshDue(T0.plusSeconds(11), interval)).isFalse();
  }
}
