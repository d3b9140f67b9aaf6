package dev.hookmesh.inbox;

import java.util.concurrent.Callable;

/**
 * Runs work in a transaction that the inbox store's writes join, so that a handler's own
 * database writes and the mark that its event is processed commit together or not at all. The
 * Spring Boot starter's runs a {@code TransactionTemplate} of the application's
 * {@code PlatformTransactionManager}.
 */
@FunctionalInterface
public interface InboxTransactions {

  /**
   * Runs {@code work} in one transaction: committed if it returns, rolled back if it throws.
   *
   * @param work the work
   * @param <T> what it returns
   * @return what it returned
   * @throws Exception what it threw
   */
  <T> T inTransaction(Callable<T> work) throws Exception;
}
