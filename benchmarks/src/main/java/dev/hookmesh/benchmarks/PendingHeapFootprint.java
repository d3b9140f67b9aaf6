package dev.hookmesh.benchmarks;

import dev.hookmesh.WebhookMessage;
import dev.hookmesh.delivery.DeliveryAttempt;
import dev.hookmesh.delivery.InMemoryDeliveryStore;
import dev.hookmesh.delivery.PendingDelivery;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Heap per pending delivery in the in-memory store, beyond the payload: stores 100,000
 * messages, claims each and puts it back as a retry (one attempt made), and measures the heap
 * used after full collections before and after, through {@link MemoryMXBean}. The payload
 * arrays' own size (header plus bytes) is subtracted. A second figure adds one logged attempt
 * per delivery. Bounded: one pass, no network.
 *
 * <pre>{@code
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.hookmesh.benchmarks.PendingHeapFootprint
 * }</pre>
 */
public final class PendingHeapFootprint {

  private static final int DELIVERIES = 100_000;
  private static final int PAYLOAD = 256;
  private static final long ARRAY_HEADER = 16;

  private PendingHeapFootprint() {}

  /**
   * Runs the measurement and prints the figures.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    Instant now = Instant.parse("2026-11-23T06:00:00Z");
    byte[][] payloads = new byte[DELIVERIES][];
    for (int i = 0; i < DELIVERIES; i++) {
      payloads[i] = new byte[PAYLOAD];
      payloads[i][0] = (byte) i;
    }
    long before = usedAfterGc(memory);

    InMemoryDeliveryStore store = new InMemoryDeliveryStore();
    for (int i = 0; i < DELIVERIES; i++) {
      WebhookMessage message =
          WebhookMessage.builder("invoice.paid").body(payloads[i], "application/json").build();
      store.enqueue(message, "ep_" + (i % 100), now);
    }
    List<PendingDelivery> claimed =
        store.claimDue(now, DELIVERIES, Set.of(), Duration.ofMinutes(5), "owner");
    for (PendingDelivery delivery : claimed) {
      store.reschedule(delivery, now.plusSeconds(3600), 1, now);
    }
    claimed = null;
    long pending = usedAfterGc(memory);

    for (PendingDelivery delivery : store.pending()) {
      store.recordAttempt(new DeliveryAttempt(delivery.messageId(), delivery.endpointId(), 1, now,
          Duration.ofMillis(12), 503, Map.of("retry-after", List.of("120")), "", null));
    }
    long withAttempts = usedAfterGc(memory);

    long payloadBytes = (long) DELIVERIES * (ARRAY_HEADER + PAYLOAD);
    System.out.printf("pending deliveries:            %,d (store says %,d)%n",
        DELIVERIES, store.pendingCount());
    System.out.printf("heap per pending delivery:     %,d bytes beyond a %d-byte payload%n",
        (pending - before - payloadBytes) / DELIVERIES, PAYLOAD);
    System.out.printf("  ... with one logged attempt: %,d bytes%n",
        (withAttempts - before - payloadBytes) / DELIVERIES);
    System.out.println("method: MemoryMXBean heap used after System.gc() x3, before vs after;"
        + " payload arrays subtracted");
    if (payloads.length != DELIVERIES || store.pendingCount() != DELIVERIES) {
      throw new AssertionError("keep everything reachable until measured");
    }
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
