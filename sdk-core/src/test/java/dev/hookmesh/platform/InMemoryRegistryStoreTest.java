package dev.hookmesh.platform;

/** The contract on the in-memory store. */
class InMemoryRegistryStoreTest extends RegistryStoreContract {

  @Override
  protected RegistryStore newStore() {
    return new InMemoryRegistryStore(clock);
  }
}
