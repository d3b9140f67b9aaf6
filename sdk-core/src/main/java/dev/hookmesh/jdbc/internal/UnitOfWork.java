package dev.hookmesh.jdbc.internal;

import dev.hookmesh.jdbc.JdbcConnections;
import java.sql.Connection;
import java.sql.SQLException;

/** Runs JDBC work in a transaction of its own, or in the caller's when there is one. */
public final class UnitOfWork {

  /** Work on a connection. */
  @FunctionalInterface
  public interface Work<T> {
    /** Does the work. */
    T run(Connection connection) throws SQLException;
  }

  private final JdbcConnections connections;

  /** Creates a runner over {@code connections}. */
  public UnitOfWork(JdbcConnections connections) {
    this.connections = connections;
  }

  /**
   * Runs {@code work}: inside the caller's transaction if the connection is bound to one,
   * otherwise in a transaction committed here, rolled back if the work fails.
   *
   * @param what what the work does, for the error message
   */
  public <T> T run(String what, Work<T> work) {
    try {
      Connection connection = connections.acquire();
      try {
        if (connections.inExternalTransaction(connection)) {
          return work.run(connection);
        }
        boolean autoCommit = connection.getAutoCommit();
        if (autoCommit) {
          connection.setAutoCommit(false);
        }
        try {
          T result = work.run(connection);
          connection.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          connection.rollback();
          throw e;
        } finally {
          if (autoCommit) {
            connection.setAutoCommit(true);
          }
        }
      } finally {
        connections.release(connection);
      }
    } catch (SQLException e) {
      throw new JdbcFailure("Could not " + what, e);
    }
  }
}
