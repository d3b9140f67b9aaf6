package dev.hookmesh.delivery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.WebhookMessage;
import dev.hookmesh.delivery.CircuitBreaker;
import dev.hookmesh.delivery.EndpointHealth;
import dev.hookmesh.delivery.EndpointState;
import dev.hookmesh.delivery.PendingDelivery;
import dev.hookmesh.delivery.internal.EndpointLane.Admission;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A lane hands waiting deliveries to freed slots one at a time, in the order they arrived, and
 * gives them back when the endpoint can no longer take them.
 */
class EndpointLaneTest {

  private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

  private final EndpointLane lane = new EndpointLane("ep", CircuitBreaker.builder()
      .consecutiveFailures(1).openDuration(Duration.ofSeconds(30)).build(), null);

  private static PendingDelivery delivery(String id) {
    WebhookMessage message = WebhookMessage.builder("invoice.paid").id(id)
        .body("{}".getBytes(StandardCharsets.UTF_8), "application/json").createdAt(T0).build();
    return new PendingDelivery(message, "ep", 0, null, T0, "owner", T0.plusSeconds(300));
  }

  @Test
  void waitingDeliveriesTakeFreedSlotsInArrivalOrder() {
    assertThat(lane.admit(delivery("m1"), T0, 1, 0)).isEqualTo(Admission.START);
    assertThat(lane.admit(delivery("m2"), T0, 1, 0)).isEqualTo(Admission.WAIT);
    assertThat(lane.admit(delivery("m3"), T0, 1, 0)).isEqualTo(Admission.WAIT);
    assertThat(lane.next(T0, 1, 0)).as("no slot is free yet").isNull();
    assertThat(lane.held()).isEqualTo(3);

    lane.release();
    EndpointLane.Next next = lane.next(T0, 1, 0);

    assertThat(next).isNotNull();
    assertThat(next.delivery().messageId()).isEqualTo("m2");
    assertThat(next.admission()).isEqualTo(Admission.START);
    assertThat(lane.next(T0, 1, 0)).as("the freed slot went to m2").isNull();
    assertThat(lane.held()).isEqualTo(2);
  }

  @Test
  void anOpenCircuitGivesEveryWaitingDeliveryBack() {
    lane.admit(delivery("m1"), T0, 1, 0);
    lane.admit(delivery("m2"), T0, 1, 0);
    lane.admit(delivery("m3"), T0, 1, 0);

    lane.onResult(false, T0, T0);
    lane.release();

    assertThat(lane.next(T0, 1, 0)).extracting(EndpointLane.Next::admission).isEqualTo(Admission.HOLD);
    assertThat(lane.next(T0, 1, 0)).extracting(EndpointLane.Next::admission).isEqualTo(Admission.HOLD);
    assertThat(lane.next(T0, 1, 0)).isNull();
    assertThat(lane.held()).isZero();
  }

  @Test
  void aGoneEndpointFinishesWaitingDeliveries() {
    lane.admit(delivery("m1"), T0, 1, 0);
    lane.admit(delivery("m2"), T0, 1, 0);

    lane.markGone();

    EndpointLane.Next next = lane.next(T0, 1, 0);
    assertThat(next).isNotNull();
    assertThat(next.delivery().messageId()).isEqualTo("m2");
    assertThat(next.admission()).isEqualTo(Admission.GONE);
  }

  @Test
  void aHalfOpenCircuitLetsOneProbeThrough() {
    lane.admit(delivery("m1"), T0, 4, 0);
    lane.onResult(false, T0, T0);
    lane.release();
    Instant later = T0.plusSeconds(31);

    assertThat(lane.admit(delivery("m2"), later, 4, 0)).isEqualTo(Admission.START);
    assertThat(lane.admit(delivery("m3"), later, 4, 0)).as("the probe is alone").isEqualTo(Admission.WAIT);
    assertThat(lane.busy(4)).isTrue();

    lane.onResult(true, later, later);
    lane.release();

    assertThat(lane.next(later, 4, 0)).extracting(EndpointLane.Next::admission)
        .isEqualTo(Admission.START);
    assertThat(lane.busy(4)).isFalse();
  }

  @Test
  void reportsItsStateOnlyWhenItChanged() {
    assertThat(lane.unsavedState()).isNull();
    lane.onResult(false, T0, T0);

    assertThat(lane.unsavedState()).isEqualTo(new EndpointState("ep", false, false, T0));
    lane.onResult(false, T0.plusSeconds(1), T0.plusSeconds(1));
    assertThat(lane.unsavedState()).as("still failing since T0").isNull();

    lane.onResult(true, T0.plusSeconds(2), T0.plusSeconds(2));
    assertThat(lane.unsavedState()).isEqualTo(new EndpointState("ep", false, false, null));
  }

  @Test
  void aStoredStateDoesNotOverwriteOneNotYetSaved() {
    lane.markGone();
    EndpointState unsaved = lane.unsavedState();
    lane.saveFailed();

    lane.restore(new EndpointState("ep", false, false, null));

    assertThat(unsaved).isNotNull();
    assertThat(lane.refusing()).as("gone here, and the store has not heard yet").isTrue();
    assertThat(lane.unsavedState()).isEqualTo(unsaved);
  }

  @Test
  void anEndpointEnabledElsewhereIsAcceptedAgainWithAClosedCircuit() {
    lane.admit(delivery("m1"), T0, 1, 0);
    lane.onResult(false, T0, T0);
    lane.release();
    lane.markGone();
    lane.unsavedState();

    lane.restore(new EndpointState("ep", false, false, null));

    assertThat(lane.refusing()).isFalse();
    assertThat(lane.admit(delivery("m2"), T0, 1, 0)).isEqualTo(Admission.START);
    assertThat(lane.health(T0).circuit()).isEqualTo(EndpointHealth.CircuitState.CLOSED);
  }

  @Test
  void aRateLimitHoldsDeliveriesBeyondASecondsWorthAndSaysWhenToTryAgain() {
    assertThat(lane.admit(delivery("m1"), T0, 8, 2)).isEqualTo(Admission.START);
    assertThat(lane.admit(delivery("m2"), T0, 8, 2)).isEqualTo(Admission.START);
    assertThat(lane.admit(delivery("m3"), T0, 8, 2))
        .as("slots are free, tokens are not").isEqualTo(Admission.WAIT);

    long delay = lane.fillTimer(8, 2);

    assertThat(delay).isPositive().isLessThanOrEqualTo(500_000_000L);
    assertThat(lane.fillTimer(8, 2)).as("one timer at a time").isZero();
    lane.filled();
    assertThat(lane.fillTimer(8, 0)).as("no limit, no timer").isZero();
  }
}
