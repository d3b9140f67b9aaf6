package dev.hookmesh.jdbc;

import dev.hookmesh.jdbc.internal.TableNames;
import java.time.Clock;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What every JDBC builder configures: where connections come from, the table prefix and the
 * clock. The public builders extend it, so the settings read the same on each.
 *
 * @param <B> the concrete builder, returned by each setter
 */
abstract class JdbcSettings<B extends JdbcSettings<B>> {

  final JdbcConnections connections;
  String tablePrefix = TableNames.DEFAULT_PREFIX;
  Clock clock = Clock.systemUTC();
  @Nullable JdbcDatabase database;

  JdbcSettings(JdbcConnections connections) {
    this.connections = Objects.requireNonNull(connections, "connections");
  }

  /**
   * The prefix of Hookmesh's tables; {@code hookmesh_} by default.
   *
   * @param tablePrefix such as {@code webhooks.hookmesh_}
   * @return this builder
   */
  public B tablePrefix(String tablePrefix) {
    this.tablePrefix = TableNames.checkPrefix(tablePrefix);
    return self();
  }

  /**
   * The clock; the system UTC clock by default.
   *
   * @param clock the clock
   * @return this builder
   */
  public B clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return self();
  }

  /**
   * The database, when its metadata does not say (a wrapping driver or a proxy); detected from
   * the connection by default.
   *
   * @param database the database
   * @return this builder
   */
  public B database(JdbcDatabase database) {
    this.database = Objects.requireNonNull(database, "database");
    return self();
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }
}
