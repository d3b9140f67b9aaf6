package dev.hookmesh.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Where Hookmesh's JDBC stores get their connections, and whether a connection belongs to a
 * transaction someone else manages. The default takes a connection from a {@link DataSource}
 * and commits its own work; the Spring Boot starter plugs in one that joins the caller's
 * Spring-managed transaction, so that a message enqueued inside it is stored (and later sent)
 * only if that transaction commits.
 */
public interface JdbcConnections {

  /**
   * A connection to work on.
   *
   * @return an open connection
   * @throws SQLException if none can be had
   */
  Connection acquire() throws SQLException;

  /**
   * Whether {@code connection} takes part in a transaction managed elsewhere. Work on such a
   * connection is neither committed nor rolled back by the store.
   *
   * @param connection a connection from {@link #acquire()}
   * @return {@code true} for a connection bound to the caller's transaction
   */
  default boolean inExternalTransaction(Connection connection) {
    return false;
  }

  /**
   * Runs {@code action} once the transaction managed elsewhere that {@code connection} takes
   * part in has committed, and never if it rolls back: a store uses it to start work on rows
   * only when every instance can see them. The action must run on a thread where that
   * transaction's connection is no longer bound, since it may use the database. The default
   * cannot tell when the transaction commits.
   *
   * @param connection a connection from {@link #acquire()} that is in an external transaction
   * @param action what to run after the commit
   * @return whether the action will run after the commit; {@code false} if it cannot be arranged
   */
  default boolean afterCommit(Connection connection, Runnable action) {
    return false;
  }

  /**
   * Runs {@code action} once the transaction managed elsewhere that {@code connection} takes
   * part in has ended, committed or rolled back: a store uses it to forget what it cached from
   * inside that transaction. The action must not use the database. The default cannot tell when
   * the transaction ends.
   *
   * @param connection a connection from {@link #acquire()} that is in an external transaction
   * @param action what to run when the transaction ends
   * @return whether the action will run then; {@code false} if it cannot be arranged
   */
  default boolean afterCompletion(Connection connection, Runnable action) {
    return false;
  }

  /**
   * Gives a connection back.
   *
   * @param connection a connection from {@link #acquire()}
   * @throws SQLException if closing fails
   */
  default void release(Connection connection) throws SQLException {
    connection.close();
  }

  /**
   * Connections straight from a data source, each unit of work in its own transaction.
   *
   * @param dataSource the data source, ideally pooled
   * @return the connections
   */
  static JdbcConnections of(DataSource dataSource) {
    return dataSource::getConnection;
  }
}
