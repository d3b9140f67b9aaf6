package dev.hookmesh.delivery.internal;

import dev.hookmesh.delivery.DeliveryStore;
import dev.hookmesh.delivery.PendingDelivery;
import dev.hookmesh.delivery.Settlement;
import dev.hookmesh.queue.internal.JobQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A {@link DeliveryStore} as the queue engine's {@link JobQueue}. */
final class StoreQueue implements JobQueue<PendingDelivery, Decision> {

  private final DeliveryStore store;

  StoreQueue(DeliveryStore store) {
    this.store = store;
  }

  @Override
  public List<PendingDelivery> claim(Instant now, int max, Set<String> busyKeys, Duration lease,
      String owner) {
    return store.claimDue(now, max, busyKeys, lease, owner);
  }

  @Override
  public boolean[] settle(List<Decision> decisions) {
    List<Settlement> settlements = new ArrayList<>(decisions.size());
    for (Decision decision : decisions) {
      settlements.add(decision.settlement());
    }
    return store.settle(settlements);
  }

  @Override
  public Optional<Instant> nextDue() {
    return store.nextDue();
  }
}
