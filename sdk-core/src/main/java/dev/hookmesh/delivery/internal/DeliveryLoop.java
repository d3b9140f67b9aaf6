package dev.hookmesh.delivery.internal;

import dev.hookmesh.Endpoint;
import dev.hookmesh.EndpointResolver;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.delivery.CircuitBreaker;
import dev.hookmesh.delivery.Delivery;
import dev.hookmesh.delivery.DeliveryAttempt;
import dev.hookmesh.delivery.DeliveryEvent;
import dev.hookmesh.delivery.DeliveryListener;
import dev.hookmesh.delivery.DeliveryObserver;
import dev.hookmesh.delivery.DeliveryOutcome;
import dev.hookmesh.delivery.DeliveryResult;
import dev.hookmesh.delivery.DeliveryStore;
import dev.hookmesh.delivery.DeliveryTarget;
import dev.hookmesh.delivery.EndpointHealth;
import dev.hookmesh.delivery.PendingDelivery;
import dev.hookmesh.queue.internal.QueueEngine;
import dev.hookmesh.retry.RetryPolicy;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * What a {@code WebhookClient} does, on the queue engine: stores deliveries and hands them to
 * the engine, makes single attempts outside the queue, redelivers, enables endpoints, reports
 * their health, and shuts down. The parts: the {@link QueueEngine} runs deliveries as
 * {@link DeliveryWork}; {@link EndpointGates} and {@link KnownEndpoints} say what each endpoint
 * allows; {@link ResultTracker} completes what callers wait on.
 */
public final class DeliveryLoop {

  /**
   * What the loop needs from the client's configuration.
   *
   * @param store the delivery record
   * @param resolver finds endpoints not sent to in this process
   * @param listener hears every event
   * @param observer watches sends and attempts, and carries their trace
   * @param clock the time for signatures, due times and health
   * @param retryPolicy the default policy
   * @param maxConcurrencyPerEndpoint the default per-endpoint limit
   * @param circuitBreaker each endpoint's breaker settings
   * @param disableAfter how long an endpoint may fail before it is disabled, or {@code null}
   * @param pollInterval how often the store is polled when nothing wakes the loop earlier
   * @param lease how long a claimed delivery stays leased
   * @param batchSize the most deliveries held at once
   */
  public record Settings(
      DeliveryStore store,
      EndpointResolver resolver,
      DeliveryListener listener,
      DeliveryObserver observer,
      Clock clock,
      RetryPolicy retryPolicy,
      int maxConcurrencyPerEndpoint,
      CircuitBreaker circuitBreaker,
      @Nullable Duration disableAfter,
      Duration pollInterval,
      Duration lease,
      int batchSize) {}

  private final DeliveryStore store;
  private final Clock clock;
  private final Transport transport;
  private final Events events;
  private final Observers observers;
  private final KnownEndpoints endpoints;
  private final EndpointGates gates;
  private final ResultTracker results;
  private final QueueEngine<PendingDelivery, Decision> engine;
  private volatile boolean closed;

  /**
   * Creates the loop and starts polling.
   *
   * @param settings the configuration
   * @param transport the HTTP side
   */
  public DeliveryLoop(Settings settings, Transport transport) {
    this.store = settings.store();
    this.clock = settings.clock();
    this.transport = transport;
    this.events = new Events(settings.listener());
    this.observers = new Observers(settings.observer());
    // Ten polls: how long a change made elsewhere (a rotated key, a deletion) may take to reach
    // deliveries this client has pending.
    this.endpoints = new KnownEndpoints(settings.resolver(), settings.maxConcurrencyPerEndpoint(),
        clock, settings.pollInterval().multipliedBy(10));
    this.gates = new EndpointGates(store, clock, settings.circuitBreaker(),
        settings.disableAfter(), settings.pollInterval());
    this.results = new ResultTracker(store, clock, settings.lease().multipliedBy(2));
    DeliveryWork work = new DeliveryWork(
        transport, endpoints, gates, results, events, observers, clock, settings.retryPolicy());
    this.engine = new QueueEngine<>(new QueueEngine.Settings(clock, settings.pollInterval(),
        settings.lease(), settings.batchSize(), "hookmesh-delivery"), new StoreQueue(store), work);
    work.runIn(engine);
    engine.every(settings.lease(), results::lookUpUnfinished);
    engine.start();
  }

  /**
   * Stores a delivery and starts it.
   *
   * @param endpoint the endpoint
   * @param message the message, encoded
   * @return the handle
   */
  public Delivery send(Endpoint endpoint, WebhookMessage message) {
    return send(List.of(endpoint), message).get(0);
  }

  /**
   * Stores a message's deliveries to several endpoints in one store write, and starts them:
   * leased to this client as they are stored when it has room for them, so they start without
   * a claim; otherwise left for a claim. Deliveries to a gone or disabled endpoint finish at
   * once, unattempted.
   *
   * @param targets the endpoints
   * @param message the message, encoded
   * @return a handle per endpoint, in order
   */
  public List<Delivery> send(List<Endpoint> targets, WebhookMessage message) {
    requireOpen();
    if (targets.isEmpty()) {
      return List.of(); // no endpoint subscribed: nothing to store
    }
    Instant now = clock.instant();
    if (targets.size() > 1) {
      gates.prepare(targets.stream().map(Endpoint::id).toList());
    }
    // Per target, the future its result completes, or null if the endpoint refuses deliveries.
    List<@Nullable CompletableFuture<DeliveryResult>> futures = new ArrayList<>(targets.size());
    List<DeliveryTarget> accepted = new ArrayList<>(targets.size());
    List<String> registered = new ArrayList<>(targets.size());
    boolean room = true;
    boolean laneWantsMore = false;
    for (Endpoint endpoint : targets) {
      endpoints.sentTo(endpoint);
      if (gates.current(endpoint.id()).refusing()) {
        futures.add(null);
        continue;
      }
      ResultTracker.Registration registration = results.register(message.id(), endpoint.id());
      futures.add(registration.future());
      if (registration.fresh()) {
        registered.add(endpoint.id());
      }
      DeliveryTarget target = DeliveryTarget.of(endpoint, message);
      accepted.add(target);
      if (!target.ordered()) { // an ordered delivery waits for a claim in any case
        boolean hasRoom = engine.hasRoomFor(endpoint.id());
        room &= hasRoom;
        laneWantsMore |= hasRoom;
      }
    }
    Observers.Send send = observers.send(message);
    try {
      store(send.message(), accepted, registered, now, room, laneWantsMore);
    } catch (RuntimeException e) {
      send.stop(e);
      throw e;
    }
    send.stop(null);
    List<Delivery> deliveries = new ArrayList<>(targets.size());
    for (int i = 0; i < targets.size(); i++) {
      Endpoint endpoint = targets.get(i);
      CompletableFuture<DeliveryResult> result = futures.get(i);
      deliveries.add(result == null
          ? finishedUnattempted(endpoint, message, now)
          : new Delivery(message.id(), endpoint.id(), result));
    }
    return List.copyOf(deliveries);
  }

  private void store(WebhookMessage message, List<DeliveryTarget> accepted,
      List<String> registered, Instant now, boolean room, boolean laneWantsMore) {
    try {
      if (accepted.isEmpty()) {
        store.saveMessage(message);
      } else if (room) {
        if (!store.enqueueClaimed(message, accepted, now, engine.lease(), engine.owner(),
            engine::offer)) {
          engine.wake(); // stored for a claim to find
        }
      } else {
        store.enqueueClaimed(message, accepted, now, null, engine.owner(), engine::offer);
        // A full lane claims more when it runs low; a claim now would pass it by.
        if (laneWantsMore) {
          engine.wake();
        } else {
          engine.markBacklog();
        }
      }
    } catch (RuntimeException e) {
      // Nothing was stored: nothing will complete them.
      registered.forEach(endpointId -> results.forget(message.id(), endpointId));
      throw e;
    }
  }

  // A delivery to a gone or disabled endpoint: finished at once, heard by the listener.
  private Delivery finishedUnattempted(Endpoint endpoint, WebhookMessage message, Instant now) {
    DeliveryOutcome outcome = gates.gate(endpoint.id()).disabled()
        ? DeliveryOutcome.ENDPOINT_DISABLED : DeliveryOutcome.ENDPOINT_GONE;
    DeliveryResult result =
        new DeliveryResult(message.id(), endpoint.id(), outcome, 0, null, now);
    events.emit(new DeliveryEvent(
        DeliveryEvent.Type.FINISHED, endpoint.id(), message.id(), 0, null, null, outcome, null));
    return new Delivery(message.id(), endpoint.id(), CompletableFuture.completedFuture(result));
  }

  /**
   * Makes one attempt now, on the caller's thread, outside the queue.
   *
   * @param endpoint the endpoint
   * @param message the message, encoded
   * @return the attempt, also added to the store's attempt log
   */
  public DeliveryAttempt attemptOnce(Endpoint endpoint, WebhookMessage message) {
    requireOpen();
    Observers.Send send = observers.send(message);
    message = send.message();
    Observers.ObservedAttempt observed = observers.attempt(message, endpoint.id(), 1);
    Instant startedAt = clock.instant();
    long start = System.nanoTime();
    DeliveryAttempt attempt;
    @Nullable IOException failure = null;
    try {
      Response response =
          transport.newCall(endpoint, message, startedAt, observed.headers()).execute();
      attempt = transport.recordOf(message.id(), endpoint.id(), 1, startedAt, since(start),
          response, response.headers().toMultimap());
    } catch (IOException e) {
      failure = e;
      attempt = Transport.recordOf(message.id(), endpoint.id(), 1, startedAt, since(start), e);
    }
    observed.stop(attempt);
    // Stored just before its attempt is recorded, so a bounded store cannot have let it go.
    try {
      store.saveMessage(message);
      store.recordAttempt(attempt);
    } catch (RuntimeException e) {
      send.stop(e);
      throw e;
    }
    send.stop(null);
    events.emit(DeliveryEvent.Type.ATTEMPTED, attempt, null, failure);
    return attempt;
  }

  /**
   * A handle on a stored delivery, completing at once if it finished.
   *
   * @param messageId the message
   * @param endpointId the endpoint
   * @return the handle
   */
  public Delivery track(String messageId, String endpointId) {
    return results.lookUp(messageId, endpointId);
  }

  /**
   * Handles on every stored delivery of a message, from one read of the store, completed at
   * once where they finished.
   *
   * @param messageId the message
   * @return the handles, in the order the deliveries were stored
   */
  public List<Delivery> deliveries(String messageId) {
    return results.lookUpAll(messageId);
  }

  /**
   * Makes a message's finished deliveries pending again.
   *
   * @param messageId the message's id
   * @return a handle per delivery made pending
   */
  public List<Delivery> redeliver(String messageId) {
    requireOpen();
    // On the engine's thread, so no claim takes a delivery before its result is tracked.
    return engine.onEngineThread("redeliver " + messageId, () -> {
      List<Delivery> deliveries = new ArrayList<>();
      for (String endpointId : store.redeliver(messageId, clock.instant())) {
        deliveries.add(results.track(messageId, endpointId));
      }
      engine.wake();
      return List.copyOf(deliveries);
    });
  }

  /**
   * Makes every failed delivery to an endpoint since a time pending again.
   *
   * @param endpointId the endpoint's id
   * @param since the earliest message creation time to redeliver
   * @return a handle per delivery made pending
   */
  public List<Delivery> recover(String endpointId, Instant since) {
    requireOpen();
    return engine.onEngineThread("recover " + endpointId, () -> {
      List<Delivery> deliveries = new ArrayList<>();
      for (String messageId : store.redeliverFailed(endpointId, since, clock.instant())) {
        deliveries.add(results.track(messageId, endpointId));
      }
      engine.wake();
      return List.copyOf(deliveries);
    });
  }

  /**
   * Clears an endpoint's gone and disabled marks and closes its circuit.
   *
   * @param endpointId the endpoint's id
   */
  public void enableEndpoint(String endpointId) {
    EndpointGate gate = gates.gate(endpointId);
    gate.enable();
    gates.save(gate);
    events.emit(new DeliveryEvent(
        DeliveryEvent.Type.ENDPOINT_ENABLED, endpointId, null, 0, null, null, null, null));
    engine.wake();
  }

  /**
   * An endpoint's health as this loop sees it.
   *
   * @param endpointId the endpoint's id
   * @return the snapshot
   */
  public EndpointHealth health(String endpointId) {
    return gates.gate(endpointId).health(clock.instant(), engine.running(endpointId));
  }

  /**
   * The health of every endpoint this loop has seen, ordered by endpoint id.
   *
   * @return the snapshots
   */
  public List<EndpointHealth> health() {
    Instant now = clock.instant();
    return gates.all().stream()
        .map(gate -> gate.health(now, engine.running(gate.endpointId())))
        .sorted(Comparator.comparing(EndpointHealth::endpointId)).toList();
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("This WebhookClient is closed: build a new one to send;"
          + " pending deliveries stay in its DeliveryStore");
    }
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /**
   * Stops claiming, puts waiting deliveries back, waits for attempts in flight, then cancels
   * what is left (those are put back without using an attempt).
   *
   * @param timeout how long to wait for attempts in flight
   */
  public void close(Duration timeout) {
    if (closed) {
      return;
    }
    closed = true;
    engine.close(timeout);
    results.failAll(new IllegalStateException("The WebhookClient was closed before this delivery"
        + " finished; it stays pending in the DeliveryStore"));
    transport.release();
  }
}
