package dev.hookmesh.inbox.internal;

import dev.hookmesh.inbox.ClaimedEvent;
import dev.hookmesh.inbox.InboxSettlement;
import dev.hookmesh.inbox.InboxStore;
import dev.hookmesh.queue.internal.JobQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An {@link InboxStore} as the queue engine's {@link JobQueue}. Decisions written already, in a
 * handler's transaction, are not written again.
 */
public final class InboxQueue implements JobQueue<ClaimedEvent, InboxDecision> {

  private final InboxStore store;

  InboxQueue(InboxStore store) {
    this.store = store;
  }

  /** Busy ordered keys need no skipping: only an ordered key's first pending event is claimed. */
  @Override
  public List<ClaimedEvent> claim(Instant now, int max, Set<String> busyKeys, Duration lease,
      String owner) {
    Set<String> busyEndpoints = new HashSet<>();
    for (String key : busyKeys) {
      if (!InboxWork.isOrderedKey(key)) {
        busyEndpoints.add(key);
      }
    }
    return store.claim(now, max, busyEndpoints, lease, owner);
  }

  @Override
  public boolean[] settle(List<InboxDecision> decisions) {
    List<InboxSettlement> toWrite = new ArrayList<>(decisions.size());
    for (InboxDecision decision : decisions) {
      if (!decision.written()) {
        toWrite.add(decision.settlement());
      }
    }
    boolean[] written = toWrite.isEmpty() ? new boolean[0] : store.settle(toWrite);
    boolean[] held = new boolean[decisions.size()];
    int next = 0;
    for (int i = 0; i < held.length; i++) {
      InboxDecision decision = decisions.get(i);
      held[i] = decision.written() ? decision.held() : written[next++];
    }
    return held;
  }

  @Override
  public Optional<Instant> nextDue() {
    return store.nextDue();
  }
}
