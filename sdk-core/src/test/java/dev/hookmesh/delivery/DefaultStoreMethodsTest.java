package dev.hookmesh.delivery;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * The {@link DeliveryStore} contract through the interface's default methods: a store that
 * implements only the abstract ones, here the in-memory store behind a proxy that forwards
 * nothing else, keeps the contract too.
 */
class DefaultStoreMethodsTest extends DeliveryStoreContract {

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
