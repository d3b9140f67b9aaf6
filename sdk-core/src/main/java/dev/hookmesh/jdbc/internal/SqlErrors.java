package dev.hookmesh.jdbc.internal;

import java.sql.SQLException;

/** What a database's error means, where the stores act on it. */
final class SqlErrors {

  /** The SQL standard's state for a unique violation (PostgreSQL, H2). */
  private static final String UNIQUE_VIOLATION = "23505";
  /** MariaDB's error for a duplicate entry on a unique key (its state is the generic 23000). */
  private static final int MARIADB_DUPLICATE_KEY = 1062;

  private SqlErrors() {}

  /** Whether the error is a row that another statement stored first under a unique key. */
  static boolean isDuplicateKey(SQLException e) {
    return UNIQUE_VIOLATION.equals(e.getSQLState())
        || e.getErrorCode() == MARIADB_DUPLICATE_KEY;
  }
}
