package dev.hookmesh.jdbc;

import static dev.hookmesh.LoopbackReceiver.body;
import static dev.hookmesh.LoopbackReceiver.headers;

import dev.hookmesh.LoopbackReceiver;
import dev.hookmesh.WebhookVerificationException;
import dev.hookmesh.WebhookVerifier;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import mockwebserver3.RecordedRequest;

/**
 * What a receiver saw, for lost-and-duplicate accounting: how often each {@code webhook-id}
 * arrived with a valid signature, which sender (the {@value #SENDER_HEADER} header) sent each
 * request, and how many requests failed verification. Counted on arrival, before the answer,
 * so a request whose sender dies before reading the answer still counts.
 */
final class ReceivedWebhooks {

  /** The header each test sender puts on its endpoint, so the receiver can tell them apart. */
  static final String SENDER_HEADER = "X-Test-Sender";

  private final WebhookVerifier verifier =
      WebhookVerifier.builder().key(LoopbackReceiver.SECRET).build();
  private final Map<String, AtomicInteger> arrivals = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> bySender = new ConcurrentHashMap<>();
  private final AtomicInteger unverified = new AtomicInteger();

  /** Verifies and counts one request. */
  void record(RecordedRequest request) {
    String sender = request.getHeaders().get(SENDER_HEADER);
    bySender.computeIfAbsent(sender == null ? "unnamed" : sender, name -> new AtomicInteger())
        .incrementAndGet();
    try {
      String id = verifier.verify(headers(request), body(request)).id();
      arrivals.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet();
    } catch (WebhookVerificationException e) {
      unverified.incrementAndGet();
    }
  }

  /** How many distinct ids arrived. */
  int distinct() {
    return arrivals.size();
  }

  /** The ids of {@code expected} that never arrived. */
  Set<String> missing(Collection<String> expected) {
    return expected.stream().filter(id -> !arrivals.containsKey(id)).collect(Collectors.toSet());
  }

  /** The ids that arrived more than once. */
  Set<String> duplicated() {
    return arrivals.entrySet().stream().filter(entry -> entry.getValue().get() > 1)
        .map(Map.Entry::getKey).collect(Collectors.toSet());
  }

  /** Requests from one sender, by its header value. */
  int from(String sender) {
    AtomicInteger count = bySender.get(sender);
    return count == null ? 0 : count.get();
  }

  /** Requests whose signature did not verify. */
  int unverified() {
    return unverified.get();
  }
}
