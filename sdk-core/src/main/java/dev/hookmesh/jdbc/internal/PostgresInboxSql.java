package dev.hookmesh.jdbc.internal;

import dev.hookmesh.inbox.ClaimedEvent;
import dev.hookmesh.inbox.InboxEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The inbox's hot path on PostgreSQL, one round trip each: storing events is one statement
 * that skips duplicates (so it runs in auto-commit mode, and events arriving together share
 * it), and a claim locks, leases and reads in one statement.
 */
public final class PostgresInboxSql extends InboxSql {

  /** The statement for each number of events, made when first needed. */
  private final String[] adds = new String[MAX_ADDED + 1];

  /**
   * The statements for the table under a prefix.
   *
   * @param tablePrefix a prefix {@link TableNames#checkPrefix} accepted
   */
  public PostgresInboxSql(String tablePrefix) {
    super(tablePrefix);
  }

  @Override
  public boolean addIsOneStatement() {
    return true;
  }

  /**
   * Stores the events in one statement. A message id repeated in the list is left out of it and
   * counts as a duplicate of the first, as the next statement would count it.
   */
  @Override
  public List<@Nullable Long> add(Connection connection, List<Arrival> arrivals)
      throws SQLException {
    Map<Key, Integer> rowOfKey = new HashMap<>();
    List<Arrival> rows = new ArrayList<>(arrivals.size());
    int[] rowOf = new int[arrivals.size()]; // -1 for a repeat
    for (int i = 0; i < arrivals.size(); i++) {
      Arrival arrival = arrivals.get(i);
      boolean first = rowOfKey.putIfAbsent(Key.of(arrival.event()), rows.size()) == null;
      rowOf[i] = first ? rows.size() : -1;
      if (first) {
        rows.add(arrival);
      }
    }
    if (rows.size() > MAX_ADDED) {
      throw new IllegalArgumentException("At most " + MAX_ADDED + " events are stored at once");
    }
    Long[] stored = new Long[rows.size()];
    try (PreparedStatement insert = connection.prepareStatement(addStatement(rows.size()))) {
      int next = 0;
      for (Arrival row : rows) {
        next = bindInsert(insert, next, row) - 1;
      }
      try (ResultSet result = insert.executeQuery()) {
        while (result.next()) {
          Integer row = rowOfKey.get(new Key(result.getString(2), result.getString(3)));
          if (row != null) {
            stored[row] = result.getLong(1);
          }
        }
      }
    }
    List<@Nullable Long> sequences = new ArrayList<>(arrivals.size());
    for (int row : rowOf) {
      sequences.add(row < 0 ? null : stored[row]);
    }
    return sequences;
  }

  private String addStatement(int rows) {
    String sql = adds[rows];
    if (sql == null) { // a race makes the same text twice, harmlessly
      StringBuilder insert = new StringBuilder("INSERT INTO ").append(inbox).append(" (")
          .append(INSERT_COLUMNS).append(") VALUES ");
      for (int i = 0; i < rows; i++) {
        insert.append(i == 0 ? "(" : ", (").append(INSERT_VALUES).append(')');
      }
      sql = insert.append(" ON CONFLICT (endpoint, message_id) DO NOTHING")
          .append(" RETURNING seq, endpoint, message_id").toString();
      adds[rows] = sql;
    }
    return sql;
  }

  /** An event's identity in the table. */
  private record Key(String endpoint, String messageId) {
    static Key of(InboxEvent event) {
      return new Key(event.endpoint(), event.messageId());
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
