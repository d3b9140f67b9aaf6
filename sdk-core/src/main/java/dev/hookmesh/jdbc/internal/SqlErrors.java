package dev.hookmesh.jdbc.internal;

import java.sql.SQLException;

/** What a database's error means, where the stores act on it. */
public final class SqlErrors {

  /** The SQL standard's state for a unique violation (PostgreSQL, H2). */
  private static final String UNIQUE_VIOLATION = "23505";
  /** MariaDB's error for a duplicate entry on a unique key (its state is the generic 23000). */
  private static final int MARIADB_DUPLICATE_KEY = 1062;

  private SqlErrors() {}

  /**
   * Whether a failed write may be the fault of one of the rows it wrote, a value the database
   * refused (a data exception or an integrity constraint, by the SQL standard's classes of
   * state), rather than the database's or the connection's.
   *
   * @param failure what the write threw, with the {@link SQLException} as its cause
   * @return whether writing each row alone could succeed for some of them
   */
  public static boolean mayBeOneRowsFault(RuntimeException failure) {
    String state = failure.getCause() instanceof SQLException e ? e.getSQLState() : null;
    return state != null && (state.startsWith("22") || state.startsWith("23"));
  }

  /** Whether the error is a row that another statement stored first under a unique key. */
  static boolean isDuplicateKey(SQLException e) {
    return UNIQUE_VIOLATION.equals(e.getSQLState())
        || e.getErrorCode() == MARIADB_DUPLICATE_KEY;
  }
}
