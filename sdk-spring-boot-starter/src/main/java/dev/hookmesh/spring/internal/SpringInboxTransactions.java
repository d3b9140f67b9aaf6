package dev.hookmesh.spring.internal;

import dev.hookmesh.inbox.InboxTransactions;
import java.util.concurrent.Callable;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs an inbox handler and its event's completion in one transaction of the application's
 * {@link PlatformTransactionManager}, which the JDBC inbox store's writes join through Spring's
 * connection binding. A listener that throws rolls back its own writes with the completion.
 */
public final class SpringInboxTransactions implements InboxTransactions {

  private final TransactionTemplate template;

  /**
   * Creates the transactions.
   *
   * @param manager the application's transaction manager over the inbox's data source
   */
  public SpringInboxTransactions(PlatformTransactionManager manager) {
    this.template = new TransactionTemplate(manager);
  }

  @Override
  public <T> T inTransaction(Callable<T> work) throws Exception {
    try {
      return template.execute(status -> {
        try {
          return work.call();
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new Checked(e); // rolls back, and is unwrapped below
        }
      });
    } catch (Checked e) {
      throw (Exception) e.getCause();
    }
  }

  /** Carries a checked exception through the template, which takes unchecked ones only. */
  private static final class Checked extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Checked(Exception cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  @Override
  public String toString() {
    return "SpringInboxTransactions[" + template.getTransactionManager() + "]";
  }
}
