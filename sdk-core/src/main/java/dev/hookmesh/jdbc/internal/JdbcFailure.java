package dev.hookmesh.jdbc.internal;

import java.sql.SQLException;

/** An unchecked wrapper for a {@link SQLException}, with what Hookmesh was doing. */
public final class JdbcFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Wraps {@code cause} with a sentence about what failed. */
  public JdbcFailure(String message, SQLException cause) {
    super(message + ": " + cause.getMessage(), cause);
  }
}
