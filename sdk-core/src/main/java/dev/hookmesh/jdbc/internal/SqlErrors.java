package dev.hookmesh.jdbc.internal;

import java.sql.SQLException;

/** What a database's error means, where the stores act on it. */
public final class SqlErrors {

  /** The SQL standard's state for a unique violation (PostgreSQL, H2). */
  private static final String UNIQUE_VIOLATION = "23505";
  /** MariaDB's error for a duplicate entry on a unique key (its state is the generic 23000). */
  private static final int MARIADB_DUPLICATE_KEY = 1062;
  /** The SQL standard's class of states for a value the database cannot take. */
  private static final String DATA_EXCEPTION = "22";
  /** The SQL standard's class of states for a constraint a row breaks. */
  private static final String INTEGRITY_VIOLATION = "23";

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
    return failure.getCause() instanceof SQLException e
        && (inClass(e, DATA_EXCEPTION) || isIntegrityViolation(e));
  }

  /** Whether the error is a constraint that a row breaks: a key, a reference, a check. */
  static boolean isIntegrityViolation(SQLException e) {
    return inClass(e, INTEGRITY_VIOLATION);
  }

  private static boolean inClass(SQLException e, String stateClass) {
    String state = e.getSQLState();
    return state != null && state.startsWith(stateClass);
  }

  /** Whether the error is a row that another statement stored first under a unique key. */
  static boolean isDuplicateKey(SQLException e) {
    return UNIQUE_VIOLATION.equals(e.getSQLState())
        || e.getErrorCode() == MARIADB_DUPLICATE_KEY;
  }
}
