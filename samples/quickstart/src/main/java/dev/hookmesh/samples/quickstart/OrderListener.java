package dev.hookmesh.samples.quickstart;

import dev.hookmesh.WebhookEvent;
import dev.hookmesh.spring.WebhookListener;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * The receiving side: handles {@code order.created} webhooks and counts, per message id, how
 * often each was handled. Deliberately flaky: every fifth order fails the first time it
 * arrives, which the receiver answers 500, so the sender retries it.
 */
@Component
public class OrderListener {

  /** One order in five fails on its first arrival. */
  static final int FAIL_EVERY = 5;

  /** The payload, bound by the application's JsonMapper. */
  public record Order(String type, int seq, String orderId) {}

  private final Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
  private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

  @WebhookListener(endpoint = "orders", events = "order.created")
  void onOrder(Order order, WebhookEvent event) {
    if (order.seq() % FAIL_EVERY == 0 && failedOnce.add(event.id())) {
      throw new IllegalStateException("order " + order.orderId() + " fails on its first arrival");
    }
    handled.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
  }

  /** How often the message was handled successfully. */
  int handledCount(String messageId) {
    AtomicInteger count = handled.get(messageId);
    return count == null ? 0 : count.get();
  }

  /** Whether the listener failed the message on purpose. */
  boolean failedOnPurpose(String messageId) {
    return failedOnce.contains(messageId);
  }
}
