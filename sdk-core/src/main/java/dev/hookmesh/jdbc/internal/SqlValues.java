package dev.hookmesh.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * How Hookmesh's stores write and read values. Every instant is stored at millisecond precision,
 * as the in-memory stores keep them, because a lease is checked by comparing the stored expiry
 * with the one handed out. Nulls are bound with the type their column has, so every row of a
 * batch has the same parameter types and the driver sends the batch as one.
 */
public final class SqlValues {

  private SqlValues() {}

  /** An instant as stored: UTC, milliseconds. */
  public static OffsetDateTime utc(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
  }

  /** {@link #utc}, or {@code null} for {@code null}. */
  public static @Nullable OffsetDateTime utcOrNull(@Nullable Instant instant) {
    return instant == null ? null : utc(instant);
  }

  /** A stored instant, or {@code null}. */
  public static @Nullable Instant instant(ResultSet result, int column) throws SQLException {
    OffsetDateTime value = result.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  /** Binds text, or a typed null. */
  public static void setText(PreparedStatement statement, int index, @Nullable String value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }

  /** Binds a time, or a typed null. */
  public static void setTime(PreparedStatement statement, int index,
      @Nullable OffsetDateTime value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setObject(index, value);
    }
  }

  /** Whether each statement of a batch changed a row. */
  public static boolean[] held(int[] counts) {
    boolean[] held = new boolean[counts.length];
    for (int i = 0; i < counts.length; i++) {
      held[i] = counts[i] > 0 || counts[i] == Statement.SUCCESS_NO_INFO;
    }
    return held;
  }
}
