package dev.hookmesh.jdbc.internal;

import dev.hookmesh.jdbc.JdbcConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/** Runs JDBC work in a transaction of its own, or in the caller's when there is one. */
public final class UnitOfWork {

  /** Work on a connection. */
  @FunctionalInterface
  public interface Work<T> {
    /** Does the work. */
    T run(Connection connection) throws SQLException;
  }

  /** Work that acts once what it wrote is committed. */
  @FunctionalInterface
  public interface CommittingWork<T> {
    /** Does the work; {@code commits} takes actions to run after the commit. */
    T run(Connection connection, Commits commits) throws SQLException;
  }

  /** Takes actions to run once the work's transaction has committed. */
  @FunctionalInterface
  public interface Commits {
    /**
     * Runs {@code action} once the transaction commits, never if it rolls back.
     *
     * @return {@code false} if the caller's transaction cannot tell when it commits; the action
     *     then never runs
     */
    boolean afterCommit(Runnable action);
  }

  private final JdbcConnections connections;
  /** Whether {@code connections} can be in a caller's transaction: the default never is. */
  private final boolean joinsCallers;
  private final UnaryOperator<Connection> view;
  private final @Nullable String begin;

  /** Creates a runner over {@code connections}. */
  public UnitOfWork(JdbcConnections connections) {
    this(connections, UnaryOperator.identity(), null);
  }

  private UnitOfWork(JdbcConnections connections, UnaryOperator<Connection> view,
      @Nullable String begin) {
    this.connections = connections;
    this.joinsCallers = overridesExternalTransactions(connections);
    this.view = view;
    this.begin = begin;
  }

  private static boolean overridesExternalTransactions(JdbcConnections connections) {
    try {
      return connections.getClass().getMethod("inExternalTransaction", Connection.class)
          .getDeclaringClass() != JdbcConnections.class;
    } catch (NoSuchMethodException e) {
      return true; // cannot tell: ask each time
    }
  }

  /**
   * A runner for a dialect: its work sees each connection through a view, such as
   * {@link UtcDateTimes} (the connection itself still goes back to where it came from), and each
   * transaction of its own starts with {@code beginSql}, such as an isolation level; the
   * caller's transactions are left as they are.
   */
  public UnitOfWork forDialect(UnaryOperator<Connection> connectionView,
      @Nullable String beginSql) {
    return new UnitOfWork(connections, connectionView, beginSql);
  }

  /**
   * Runs {@code work}: inside the caller's transaction if the connection is bound to one,
   * otherwise in a transaction committed here, rolled back if the work fails.
   *
   * @param what what the work does, for the error message
   */
  public <T> T run(String what, Work<T> work) {
    return run(what, false, (connection, commits) -> work.run(connection));
  }

  /**
   * Runs work that is a single statement: inside the caller's transaction if there is one,
   * otherwise on a connection in auto-commit mode, so the statement commits itself without the
   * round trips of a transaction of its own.
   *
   * @param what what the work does, for the error message
   */
  public <T> T runStatement(String what, Work<T> work) {
    return run(what, true, (connection, commits) -> work.run(connection));
  }

  /**
   * Whether this thread is in a transaction of the caller's, which work would join.
   *
   * @return {@code true} if a connection acquired now would be bound to one
   */
  public boolean inCallersTransaction() {
    return onCallersConnection(connections::inExternalTransaction);
  }

  /**
   * Arranges for {@code action} to run when the caller's transaction ends, committed or rolled
   * back, if this thread is in one.
   *
   * @return whether the action will run then
   */
  public boolean afterCallersTransaction(Runnable action) {
    return onCallersConnection(connection -> connections.inExternalTransaction(connection)
        && connections.afterCompletion(connection, action));
  }

  /**
   * Checks the connection this thread would work on now, and gives it back; takes none where
   * no connection can be in the caller's transaction (as with a plain data source).
   */
  private boolean onCallersConnection(Predicate<Connection> check) {
    if (!joinsCallers) {
      return false;
    }
    try {
      Connection connection = connections.acquire();
      try {
        return check.test(connection);
      } finally {
        connections.release(connection);
      }
    } catch (SQLException e) {
      throw new JdbcFailure("Could not look for the caller's transaction", e);
    }
  }

  /**
   * Runs work that acts once what it wrote is committed, as {@link #run} or, if
   * {@code oneStatement}, as {@link #runStatement} does.
   *
   * @param what what the work does, for the error message
   * @param oneStatement whether the work is a single statement
   */
  public <T> T run(String what, boolean oneStatement, CommittingWork<T> work) {
    List<Runnable> afterCommit = new ArrayList<>(1);
    T result;
    try {
      Connection connection = connections.acquire();
      try {
        if (connections.inExternalTransaction(connection)) {
          return work.run(view.apply(connection),
              action -> connections.afterCommit(connection, action));
        }
        result = oneStatement && connection.getAutoCommit()
            ? work.run(view.apply(connection), afterCommit::add)
            : inTransaction(connection, view.apply(connection), begin, work, afterCommit);
      } finally {
        connections.release(connection);
      }
    } catch (SQLException e) {
      throw new JdbcFailure("Could not " + what, e);
    }
    // After the connection is back: an action may need one of its own.
    afterCommit.forEach(Runnable::run);
    return result;
  }

  private static <T> T inTransaction(Connection connection, Connection viewed,
      @Nullable String begin, CommittingWork<T> work, List<Runnable> afterCommit)
      throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    if (autoCommit) {
      connection.setAutoCommit(false);
    }
    try {
      if (begin != null) {
        try (Statement statement = connection.createStatement()) {
          statement.execute(begin);
        }
      }
      T result = work.run(viewed, afterCommit::add);
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      afterCommit.clear();
      throw e;
    } finally {
      if (autoCommit) {
        connection.setAutoCommit(true);
      }
    }
  }
}
