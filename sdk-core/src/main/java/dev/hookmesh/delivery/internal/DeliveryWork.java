package dev.hookmesh.delivery.internal;

import dev.hookmesh.Endpoint;
import dev.hookmesh.delivery.DeliveryAttempt;
import dev.hookmesh.delivery.DeliveryEvent;
import dev.hookmesh.delivery.DeliveryOutcome;
import dev.hookmesh.delivery.DeliveryResult;
import dev.hookmesh.delivery.PendingDelivery;
import dev.hookmesh.delivery.Settlement;
import dev.hookmesh.queue.internal.Admission;
import dev.hookmesh.queue.internal.QueueEngine;
import dev.hookmesh.queue.internal.Work;
import dev.hookmesh.retry.AttemptOutcome;
import dev.hookmesh.retry.RetryDecision;
import dev.hookmesh.retry.RetryPolicy;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Delivering, as the queue engine's {@link Work}: a delivery's key is its endpoint, which its
 * {@link EndpointGate} and its own limits admit; working on it is one signed HTTP attempt; and
 * its attempt's outcome becomes a {@link Decision}: finish, retry by the retry policy, or give
 * back. Once a decision is written, the listener hears of it and a waiting result completes.
 */
final class DeliveryWork implements Work<PendingDelivery, Decision> {

  private static final Duration UNKNOWN_ENDPOINT_WAIT = Duration.ofMinutes(1);

  private final Transport transport;
  private final KnownEndpoints endpoints;
  private final EndpointGates gates;
  private final ResultTracker results;
  private final Events events;
  private final Observers observers;
  private final Clock clock;
  private final RetryPolicy defaultPolicy;
  private final Set<Call> calls = ConcurrentHashMap.newKeySet();
  private volatile boolean cancelling;
  private @Nullable QueueEngine<PendingDelivery, Decision> engine;

  DeliveryWork(Transport transport, KnownEndpoints endpoints, EndpointGates gates,
      ResultTracker results, Events events, Observers observers, Clock clock,
      RetryPolicy defaultPolicy) {
    this.transport = transport;
    this.endpoints = endpoints;
    this.gates = gates;
    this.results = results;
    this.events = events;
    this.observers = observers;
    this.clock = clock;
    this.defaultPolicy = defaultPolicy;
  }

  /** The engine this work runs in, which retries wake. */
  void runIn(QueueEngine<PendingDelivery, Decision> engine) {
    this.engine = engine;
  }

  @Override
  public String key(PendingDelivery delivery) {
    return delivery.endpointId();
  }

  @Override
  public @Nullable Instant leaseExpiry(PendingDelivery delivery) {
    return delivery.leaseExpiry();
  }

  @Override
  public Instant due(PendingDelivery delivery) {
    return delivery.due();
  }

  @Override
  public @Nullable Admission<Decision> prepare(PendingDelivery delivery, Instant now) {
    if (endpoints.find(delivery.endpointId()) == null) {
      if (endpoints.deleted(delivery.endpointId())) {
        return new Admission.Settle<>(Decision.of(
            Settlement.finish(delivery, DeliveryOutcome.ENDPOINT_GONE, null)));
      }
      // Unknown here, and gone or disabled in the store (a registry marks deleted endpoints
      // gone): nothing will ever take it. Otherwise the resolver may know it later.
      EndpointGate gate = gates.reloaded(delivery.endpointId());
      if (gate.refusing()) {
        return new Admission.Settle<>(Decision.of(Settlement.finish(delivery,
            gate.disabled() ? DeliveryOutcome.ENDPOINT_DISABLED : DeliveryOutcome.ENDPOINT_GONE,
            null)));
      }
      return new Admission.Hold<>(now.plus(UNKNOWN_ENDPOINT_WAIT));
    }
    gates.current(delivery.endpointId());
    return null;
  }

  @Override
  public Admission<Decision> admit(PendingDelivery delivery, Instant now) {
    Endpoint endpoint = Objects.requireNonNull(endpoints.find(delivery.endpointId()));
    EndpointGate gate = gates.gate(delivery.endpointId());
    EndpointGate.Verdict verdict = gate.verdict(now);
    return switch (verdict.kind()) {
      case OPEN -> new Admission.Open<>(gate.concurrency(endpoints.concurrency(endpoint)),
          KnownEndpoints.rateLimit(endpoint));
      case HOLD -> new Admission.Hold<>(Objects.requireNonNull(verdict.holdUntil()));
      case GONE -> new Admission.Settle<>(
          Decision.of(Settlement.finish(delivery, DeliveryOutcome.ENDPOINT_GONE, null)));
      case DISABLED -> new Admission.Settle<>(
          Decision.of(Settlement.finish(delivery, DeliveryOutcome.ENDPOINT_DISABLED, null)));
    };
  }

  @Override
  public Decision putBack(PendingDelivery delivery, Instant due) {
    return Decision.of(Settlement.putBack(delivery, due));
  }

  @Override
  public void start(PendingDelivery delivery, Consumer<Decision> done) {
    Endpoint endpoint = Objects.requireNonNull(endpoints.find(delivery.endpointId()));
    int number = delivery.attempts() + 1;
    Observers.ObservedAttempt observed =
        observers.attempt(delivery.message(), endpoint.id(), number);
    Instant startedAt = clock.instant();
    long start = System.nanoTime();
    Call call;
    try {
      call = transport.newCall(endpoint, delivery.message(), startedAt, observed.headers());
    } catch (RuntimeException e) {
      // Cannot even build the request (say, a content type OkHttp refuses): retrying cannot help.
      DeliveryAttempt record = Transport.recordOf(
          delivery.messageId(), endpoint.id(), number, startedAt, since(start), e);
      observed.stop(record);
      done.accept(new Decision(
          Settlement.finish(delivery, DeliveryOutcome.REFUSED, record), null, e));
      return;
    }
    calls.add(call);
    call.enqueue(new Callback() {
      @Override
      public void onResponse(Call call, Response response) {
        Duration duration = since(start);
        Map<String, List<String>> headers = response.headers().toMultimap();
        DeliveryAttempt record = transport.recordOf(
            delivery.messageId(), endpoint.id(), number, startedAt, duration, response, headers);
        observed.stop(record);
        finished(call, done, delivery, endpoint, record,
            AttemptOutcome.response(response.code(), headers, duration));
      }

      @Override
      public void onFailure(Call call, IOException error) {
        Duration duration = since(start);
        DeliveryAttempt record = Transport.recordOf(
            delivery.messageId(), endpoint.id(), number, startedAt, duration, error);
        observed.stop(record);
        finished(call, done, delivery, endpoint, record, AttemptOutcome.failure(error, duration));
      }
    });
  }

  private void finished(Call call, Consumer<Decision> done, PendingDelivery delivery,
      Endpoint endpoint, DeliveryAttempt record, AttemptOutcome outcome) {
    calls.remove(call);
    Decision decision;
    try {
      decision = cancelling && call.isCanceled()
          // Cut short by close(): not the endpoint's fault, so the attempt is not counted.
          ? putBack(delivery, delivery.due())
          : decide(delivery, endpoint, record, outcome);
    } catch (RuntimeException e) {
      decision = putBack(delivery, delivery.due());
    }
    done.accept(decision);
  }

  /** Turns an attempt's outcome into what happens to the delivery next. */
  private Decision decide(PendingDelivery delivery, Endpoint endpoint, DeliveryAttempt record,
      AttemptOutcome outcome) {
    events.emit(DeliveryEvent.Type.ATTEMPTED, record, null, outcome.error());
    Instant now = clock.instant();
    Instant first =
        delivery.firstAttemptAt() != null ? delivery.firstAttemptAt() : record.startedAt();
    Duration elapsed = Duration.between(first, now);
    AttemptOutcome timed = outcome.withElapsed(
        elapsed.compareTo(outcome.duration()) < 0 ? outcome.duration() : elapsed);
    EndpointGate gate = gates.gate(endpoint.id());
    for (DeliveryEvent.Type type : gate.onResult(timed.classification()
        == dev.hookmesh.retry.Classification.SUCCESS, record.startedAt(), now)) {
      events.emit(type, record, null, outcome.error());
    }
    gates.save(gate);
    return switch (timed.classification()) {
      case SUCCESS -> finish(delivery, DeliveryOutcome.DELIVERED, record, null);
      case STOP -> finish(delivery, DeliveryOutcome.REFUSED, record, outcome.error());
      case GONE -> {
        if (gate.markGone()) {
          gates.save(gate);
          events.emit(DeliveryEvent.Type.ENDPOINT_GONE, record, null, null);
        }
        yield finish(delivery, DeliveryOutcome.ENDPOINT_GONE, record, null);
      }
      case RETRYABLE -> {
        if (gate.disabled()) {
          yield finish(delivery, DeliveryOutcome.ENDPOINT_DISABLED, record, null);
        }
        RetryPolicy policy = endpoint.retryPolicy().orElse(defaultPolicy);
        RetryDecision retry = policy.decide(record.attempt(), timed);
        if (!retry.shouldRetry()) {
          yield finish(delivery, DeliveryOutcome.EXHAUSTED, record, outcome.error());
        }
        yield new Decision(Settlement.retry(delivery, now.plus(retry.delay()), record.attempt(),
            first, record), retry.delay(), outcome.error());
      }
    };
  }

  private static Decision finish(PendingDelivery delivery, DeliveryOutcome outcome,
      DeliveryAttempt record, @Nullable Throwable cause) {
    return new Decision(Settlement.finish(delivery, outcome, record), null, cause);
  }

  @Override
  public void settled(Decision decision, boolean held) {
    if (!held) {
      return; // the lease was lost: another owner has the delivery now
    }
    Settlement settlement = decision.settlement();
    PendingDelivery delivery = settlement.delivery();
    DeliveryOutcome outcome = settlement.outcome();
    DeliveryAttempt attempt = settlement.attempt();
    if (outcome != null) {
      DeliveryResult result = new DeliveryResult(delivery.messageId(), delivery.endpointId(),
          outcome, settlement.attempts(), attempt, clock.instant());
      // Listeners hear of the outcome before anyone waiting on the result does.
      events.emit(new DeliveryEvent(DeliveryEvent.Type.FINISHED, delivery.endpointId(),
          delivery.messageId(), settlement.attempts(), attempt, null, outcome, decision.cause()));
      results.complete(result);
      QueueEngine<PendingDelivery, Decision> running = engine;
      if (delivery.orderingKey() != null && running != null) {
        running.wake(); // the next delivery of its key may be claimed now, and only by a claim
      }
    } else if (attempt != null) {
      events.emit(DeliveryEvent.Type.RETRY_SCHEDULED, attempt, decision.retryIn(),
          decision.cause());
      QueueEngine<PendingDelivery, Decision> running = engine;
      if (running != null) {
        running.wakeAt(settlement.due());
      }
    }
  }

  @Override
  public void cancelInProgress() {
    cancelling = true;
    calls.forEach(Call::cancel);
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
