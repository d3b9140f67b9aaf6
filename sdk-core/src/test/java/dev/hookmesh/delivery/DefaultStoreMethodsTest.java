package dev.hookmesh.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@link DeliveryStore} contract through the interface's default methods: a store that
 * implements only the abstract ones, here the in-memory store behind a proxy that forwards
 * nothing else, keeps the contract too.
 */
class DefaultStoreMethodsTest extends DeliveryStoreContract {

  /** The default orders by the message's key only, and says so for an ordered endpoint's. */
  @Override
  @Test
  void anOrderedTargetIsStoredUnleasedForAClaimWithItsKey() {
    assertThatThrownBy(() -> store.enqueueClaimed(message("m1"),
        List.of(new DeliveryTarget("fifo", DeliveryTarget.WHOLE_ENDPOINT)), T0, LEASE, "a",
        handed -> { }))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("override enqueueClaimed");

    store.enqueueClaimed(ordered("m2", "k"), List.of(new DeliveryTarget("ep", "k")), T0, LEASE,
        "a", handed -> { });
    assertThat(claim(T0, "b")).extracting(PendingDelivery::orderingKey).containsExactly("k");
  }

  /** The default cannot list messages, and says so. */
  @Override
  @Test
  void listsAnApplicationsMessagesAPageAtATimeEitherWay() {
    assertThatThrownBy(() -> store.messages(MessageQuery.of("app_a")))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageEndingWith("does not list messages");
  }

  /** The default cannot list messages, traced or not. */
  @Override
  @Test
  void listsAMessageWithTheTraceItWasSentIn() {
    listsAnApplicationsMessagesAPageAtATimeEitherWay();
  }

  /** The default cannot list an endpoint's attempts, and says so. */
  @Override
  @Test
  void listsTheAttemptsOfAnEndpointsFinishedDeliveries() {
    assertThatThrownBy(() -> store.recentAttempts("ep", T0, 10))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageEndingWith("does not list attempts");
  }

  @Override
  protected DeliveryStore newStore() {
    DeliveryStore target = new InMemoryDeliveryStore();
    return (DeliveryStore) Proxy.newProxyInstance(DeliveryStore.class.getClassLoader(),
        new Class<?>[] {DeliveryStore.class}, (proxy, method, args) -> {
          if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
