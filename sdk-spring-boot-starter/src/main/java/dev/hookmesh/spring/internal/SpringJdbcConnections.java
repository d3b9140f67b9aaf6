package dev.hookmesh.spring.internal;

import dev.hookmesh.jdbc.JdbcConnections;
import java.sql.Connection;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Connections that join the caller's Spring-managed transaction when there is one: a webhook
 * sent inside {@code @Transactional} is stored in that transaction, so it is sent only if the
 * transaction commits, and nothing is lost if it does (a transactional outbox).
 */
public final class SpringJdbcConnections implements JdbcConnections {

  private final DataSource dataSource;
  // Runs after-commit work off the committing thread: there, the committed transaction's
  // connection is still bound, and anything using the database would join it. One thread, so
  // work keeps its commit order; it ends after a minute without work.
  private final Executor afterCommit = afterCommitExecutor();

  /**
   * Creates connections from a data source.
   *
   * @param dataSource the application's data source
   */
  public SpringJdbcConnections(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Connection acquire() {
    return DataSourceUtils.getConnection(dataSource);
  }

  @Override
  public boolean inExternalTransaction(Connection connection) {
    return DataSourceUtils.isConnectionTransactional(connection, dataSource);
  }

  /**
   * Registers the action with the current transaction's synchronizations; it runs on a
   * Hookmesh thread once the transaction commits, and never if it rolls back.
   */
  @Override
  public boolean afterCommit(Connection connection, Runnable action) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      return false;
    }
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCommit() {
        SpringJdbcConnections.this.afterCommit.execute(action);
      }
    });
    return true;
  }

  /** Registers the action to run, on the completing thread, when the transaction ends. */
  @Override
  public boolean afterCompletion(Connection connection, Runnable action) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      return false;
    }
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCompletion(int status) {
        action.run();
      }
    });
    return true;
  }

  private static Executor afterCommitExecutor() {
    ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES,
        new LinkedBlockingQueue<>(), runnable -> {
          Thread thread = new Thread(runnable, "hookmesh-after-commit");
          thread.setDaemon(true);
          return thread;
        });
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  @Override
  public void release(Connection connection) {
    DataSourceUtils.releaseConnection(connection, dataSource);
  }

  @Override
  public String toString() {
    return "SpringJdbcConnections[transaction-aware]";
  }
}
