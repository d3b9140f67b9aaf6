package dev.hookmesh.inbox;

import java.time.Clock;
import java.time.ZoneOffset;

/** The in-memory inbox keeps the contract. */
class InMemoryInboxStoreTest extends InboxStoreContract {

  @Override
  protected InboxStore newStore() {
    return new InMemoryInboxStore(Clock.fixed(T0, ZoneOffset.UTC));
  }
}
