package dev.hookmesh.jdbc.internal;

import dev.hookmesh.inbox.ClaimedEvent;
import dev.hookmesh.inbox.InboxEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The inbox's hot path on PostgreSQL, one round trip each: storing an event is one statement
 * that skips a duplicate (so it runs in auto-commit mode), and a claim locks, leases and reads
 * in one statement.
 */
public final class PostgresInboxSql extends InboxSql {

  private final String add;

  /**
   * The statements for the table under a prefix.
   *
   * @param tablePrefix a prefix {@link TableNames#checkPrefix} accepted
   */
  public PostgresInboxSql(String tablePrefix) {
    super(tablePrefix);
    this.add = "INSERT INTO " + inbox + " (" + INSERT_COLUMNS + ") VALUES (" + INSERT_VALUES
        + ") ON CONFLICT (endpoint, message_id) DO NOTHING RETURNING seq";
  }

  @Override
  public boolean addIsOneStatement() {
    return true;
  }

  @Override
  public @Nullable Long add(Connection connection, InboxEvent event, OffsetDateTime now,
      @Nullable String leaseOwner, @Nullable OffsetDateTime leaseExpiry) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(add)) {
      bindInsert(insert, event, now, leaseOwner, leaseExpiry);
      try (ResultSet result = insert.executeQuery()) {
        return result.next() ? result.getLong(1) : null;
      }
    }
  }

  @Override
  public List<ClaimedEvent> claim(Connection connection, OffsetDateTime now, int max,
      Set<String> busyEndpoints, String owner, OffsetDateTime expiry) throws SQLException {
    String sql = "WITH due AS (SELECT e.seq FROM " + inbox + " e" + claimable(busyEndpoints)
        + ") UPDATE " + inbox + " AS i SET lease_owner = ?, lease_expiry = ?, visible_at = ?"
        + " FROM due WHERE i.seq = due.seq RETURNING i.seq, i.endpoint, i.message_id,"
        + " i.event_type, i.ordering_key, i.headers, i.body, i.received_at, i.attempts,"
        + " i.first_attempt_at, i.due_at";
    try (PreparedStatement claim = connection.prepareStatement(sql)) {
      int index = bindClaimable(claim, now, busyEndpoints, max);
      claim.setString(index++, owner);
      claim.setObject(index++, expiry);
      claim.setObject(index, expiry);
      List<ClaimedEvent> claimed = new ArrayList<>();
      try (ResultSet result = claim.executeQuery()) {
        while (result.next()) {
          claimed.add(claimed(result, owner, expiry));
        }
      }
      // RETURNING keeps no order: hand them out in arrival order, which ordering relies on.
      claimed.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
      return claimed;
    }
  }
}
