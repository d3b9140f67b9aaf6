package dev.hookmesh.benchmarks;

import java.time.Duration;
import javax.sql.DataSource;

/**
 * One side of {@link OutboxComparison}: a library that stores webhook messages in PostgreSQL and
 * posts them to the receiver, with its own tables, its own way of writing a message and its own
 * deliverer. Each phase gives it a fresh database and a pool of its own.
 */
interface Contender {

  /** The name in the report. */
  String name();

  /** How this library is set up for the run, for the report's header. */
  String settings();

  /** Creates the library's tables in a fresh database, before anything is counted. */
  void createSchema(DataSource database) throws Exception;

  /** Connections in each pool the run gives this library, given the run's {@code --pool}. */
  default int poolSize(int configured) {
    return configured;
  }

  /** Writes messages and delivers none: the enqueue phase, and the backlog a drain starts on. */
  Outbox writer(DataSource pool);

  /** Starts the library's deliverer: it posts what is due already and every message sent to it. */
  Outbox deliverer(DataSource pool);

  /**
   * How long after its writer stops a backlog is due for the deliverer to pick up; the run waits
   * that long before it starts the clock on a drain.
   */
  default Duration backlogDueAfter() {
    return Duration.ZERO;
  }

  /** Messages stored in the database that nothing has delivered. */
  long pending(DataSource database) throws Exception;

  /** A running instance of the library. */
  interface Outbox extends AutoCloseable {

    /** Stores one message in a transaction of its own, as an application's request would. */
    void send();

    /** Stops delivering and lets deliveries under way finish; a writer has nothing to stop. */
    @Override
    void close();
  }
}
