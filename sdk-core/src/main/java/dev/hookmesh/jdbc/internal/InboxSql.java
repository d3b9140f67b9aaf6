package dev.hookmesh.jdbc.internal;

import dev.hookmesh.inbox.ClaimedEvent;
import dev.hookmesh.inbox.InboxEntry;
import dev.hookmesh.inbox.InboxEvent;
import dev.hookmesh.inbox.InboxSettlement;
import dev.hookmesh.inbox.InboxStats;
import dev.hookmesh.inbox.InboxStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Every statement of the inbox store, each in one place, with one reader for its rows: the
 * portable SQL, which H2 runs; {@link PostgresInboxSql} replaces the hot path with PostgreSQL's
 * one-round-trip forms.
 *
 * <p>A row is pending while {@code visible_at} is set: the due time while unleased, the lease
 * expiry while leased; it is finished, processed or dead, when {@code visible_at} is null.
 */
public class InboxSql {

  /** The event columns every reader takes, in {@link #event} order. */
  static final String EVENT_COLUMNS = "seq, endpoint, message_id, event_type, ordering_key,"
      + " headers, body, received_at";
  private static final String ENTRY_COLUMNS = EVENT_COLUMNS
      + ", status, attempts, due_at, finished_at, last_error";
  private static final String CLAIMED_COLUMNS = EVENT_COLUMNS
      + ", attempts, first_attempt_at, due_at";

  final String inbox;

  /**
   * The statements for the table under a prefix.
   *
   * @param tablePrefix a prefix {@link TableNames#checkPrefix} accepted
   */
  public InboxSql(String tablePrefix) {
    this.inbox = tablePrefix + "inbox";
  }

  /** The table, for messages and {@code toString()}. */
  public String table() {
    return inbox;
  }

  /**
   * An event to store, as of {@code now}, leased to {@code leaseOwner} until {@code leaseExpiry}
   * if it is to be processed at once where it arrived.
   */
  public record Arrival(InboxEvent event, OffsetDateTime now, @Nullable String leaseOwner,
      @Nullable OffsetDateTime leaseExpiry) {}

  /**
   * The most events {@link #add} takes at once where it is one statement: their parameters stay
   * far below the protocol's limit.
   */
  public static final int MAX_ADDED = 128;

  /**
   * Whether {@link #add} stores any number of events in one statement, so that it may run in
   * auto-commit mode and concurrent arrivals may share it.
   */
  public boolean addIsOneStatement() {
    return false;
  }

  /**
   * Stores each event unless its endpoint and message id are stored already, or earlier in the
   * list; here one statement each.
   *
   * @return each one's sequence, or {@code null} for a duplicate, in order
   */
  public List<@Nullable Long> add(Connection connection, List<Arrival> arrivals)
      throws SQLException {
    List<@Nullable Long> sequences = new ArrayList<>(arrivals.size());
    for (Arrival arrival : arrivals) {
      sequences.add(add(connection, arrival));
    }
    return sequences;
  }

  private @Nullable Long add(Connection connection, Arrival arrival) throws SQLException {
    InboxEvent event = arrival.event();
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + inbox
        + " (" + INSERT_COLUMNS + ") SELECT " + INSERT_VALUES + " WHERE NOT EXISTS (SELECT 1 FROM "
        + inbox + " WHERE endpoint = ? AND message_id = ?)", new String[] {"seq"})) {
      int next = bindInsert(insert, 0, arrival);
      insert.setString(next, event.endpoint());
      insert.setString(next + 1, event.messageId());
      if (insert.executeUpdate() == 0) {
        return null;
      }
      try (ResultSet keys = insert.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    } catch (SQLException e) {
      if (SqlErrors.isDuplicateKey(e)) {
        return null; // stored by someone else meanwhile
      }
      throw e;
    }
  }

  static final String INSERT_COLUMNS = "endpoint, message_id, event_type, ordering_key, headers,"
      + " body, received_at, status, attempts, due_at, visible_at, lease_owner, lease_expiry";
  static final String INSERT_VALUES = "?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?, ?";
  /** How many parameters {@link #INSERT_VALUES} has. */
  static final int INSERT_PARAMETERS = 11;

  /**
   * Binds {@link #INSERT_VALUES} after the first {@code offset} parameters; returns the next
   * index.
   */
  static int bindInsert(PreparedStatement statement, int offset, Arrival arrival)
      throws SQLException {
    InboxEvent event = arrival.event();
    OffsetDateTime now = arrival.now();
    String leaseOwner = arrival.leaseOwner();
    statement.setString(offset + 1, event.endpoint());
    statement.setString(offset + 2, event.messageId());
    statement.setString(offset + 3, event.eventType());
    SqlValues.setText(statement, offset + 4, event.orderingKey());
    statement.setString(offset + 5, HeaderLines.format(event.headers()));
    statement.setBytes(offset + 6, event.body());
    statement.setObject(offset + 7, SqlValues.utc(event.receivedAt()));
    statement.setObject(offset + 8, now);
    statement.setObject(offset + 9, leaseOwner != null ? arrival.leaseExpiry() : now);
    SqlValues.setText(statement, offset + 10, leaseOwner);
    SqlValues.setTime(statement, offset + 11, arrival.leaseExpiry());
    return offset + INSERT_PARAMETERS + 1;
  }

  /**
   * Claims due pending events, earliest first, skipping locked rows, busy endpoints' unordered
   * events, and ordered events behind a pending one of their key; here in three statements.
   */
  public List<ClaimedEvent> claim(Connection connection, OffsetDateTime now, int max,
      Set<String> busyEndpoints, String owner, OffsetDateTime expiry) throws SQLException {
    List<Long> locked = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT seq FROM " + inbox + " e" + claimable(busyEndpoints))) {
      bindClaimable(select, now, busyEndpoints, max);
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          locked.add(result.getLong(1));
        }
      }
    }
    if (locked.isEmpty()) {
      return List.of();
    }
    String in = String.join(", ", Collections.nCopies(locked.size(), "?"));
    try (PreparedStatement lease = connection.prepareStatement("UPDATE " + inbox
        + " SET lease_owner = ?, lease_expiry = ?, visible_at = ? WHERE seq IN (" + in + ")")) {
      lease.setString(1, owner);
      lease.setObject(2, expiry);
      lease.setObject(3, expiry);
      for (int i = 0; i < locked.size(); i++) {
        lease.setLong(4 + i, locked.get(i));
      }
      lease.executeUpdate();
    }
    List<ClaimedEvent> claimed = new ArrayList<>(locked.size());
    try (PreparedStatement read = connection.prepareStatement("SELECT " + CLAIMED_COLUMNS
        + " FROM " + inbox + " WHERE seq IN (" + in + ") ORDER BY visible_at, seq")) {
      for (int i = 0; i < locked.size(); i++) {
        read.setLong(1 + i, locked.get(i));
      }
      try (ResultSet result = read.executeQuery()) {
        while (result.next()) {
          claimed.add(claimed(result, owner, expiry));
        }
      }
    }
    return claimed;
  }

  /** The condition and locking of a claim, for a table aliased {@code e}. */
  String claimable(Set<String> busyEndpoints) {
    String busy = busyEndpoints.isEmpty() ? "" : " AND (e.ordering_key IS NOT NULL OR e.endpoint"
        + " NOT IN (" + String.join(", ", Collections.nCopies(busyEndpoints.size(), "?")) + "))";
    return " WHERE e.visible_at <= ?" + busy + " AND (e.ordering_key IS NULL OR NOT EXISTS"
        + " (SELECT 1 FROM " + inbox + " p WHERE p.endpoint = e.endpoint"
        + " AND p.ordering_key = e.ordering_key AND p.visible_at IS NOT NULL AND p.seq < e.seq))"
        + " ORDER BY e.visible_at, e.seq LIMIT ? FOR UPDATE SKIP LOCKED";
  }

  /** Binds {@link #claimable}'s parameters from the first; returns the next index. */
  static int bindClaimable(PreparedStatement statement, OffsetDateTime now,
      Set<String> busyEndpoints, int max) throws SQLException {
    int index = 1;
    statement.setObject(index++, now);
    for (String endpoint : busyEndpoints) {
      statement.setString(index++, endpoint);
    }
    statement.setInt(index++, max);
    return index;
  }

  /** Reads a claimed event from {@link #CLAIMED_COLUMNS}. */
  static ClaimedEvent claimed(ResultSet result, String owner, OffsetDateTime expiry)
      throws SQLException {
    return new ClaimedEvent(result.getLong(1), event(result), result.getInt(9),
        SqlValues.instant(result, 10), Objects.requireNonNull(SqlValues.instant(result, 11)),
        owner, expiry.toInstant());
  }

  /** Reads an event from {@link #EVENT_COLUMNS}, which start at column 1. */
  static InboxEvent event(ResultSet result) throws SQLException {
    return InboxEvent.builder(result.getString(2), result.getString(3), result.getBytes(7))
        .eventType(result.getString(4))
        .orderingKey(result.getString(5))
        .headers(HeaderLines.parse(result.getString(6)))
        .receivedAt(Objects.requireNonNull(SqlValues.instant(result, 8)))
        .build();
  }

  /** Whether each settlement {@link #settle} writes is one statement of its own. */
  public boolean settlesInOneStatementEach() {
    return true;
  }

  /**
   * Writes settlements while their leases are held, one statement each in one batch.
   *
   * @return per settlement, whether the lease was held
   */
  public boolean[] settle(Connection connection, List<InboxSettlement> settlements,
      OffsetDateTime now) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement("UPDATE " + inbox
        + " SET status = ?, attempts = ?, first_attempt_at = ?, due_at = ?, visible_at = ?,"
        + " last_error = COALESCE(?, last_error), finished_at = ?, lease_owner = NULL,"
        + " lease_expiry = NULL WHERE seq = ? AND visible_at IS NOT NULL AND lease_owner = ?"
        + " AND lease_expiry = ?")) {
      for (InboxSettlement settlement : settlements) {
        OffsetDateTime due = SqlValues.utc(settlement.due());
        update.setString(1, settlement.status().name());
        update.setInt(2, settlement.attempts());
        SqlValues.setTime(update, 3, SqlValues.utcOrNull(settlement.firstAttemptAt()));
        update.setObject(4, due);
        SqlValues.setTime(update, 5, settlement.finishes() ? null : due);
        SqlValues.setText(update, 6, settlement.error());
        SqlValues.setTime(update, 7, settlement.finishes() ? now : null);
        ClaimedEvent claimed = settlement.claimed();
        update.setLong(8, claimed.sequence());
        update.setString(9, claimed.leaseOwner());
        update.setObject(10, SqlValues.utc(claimed.leaseExpiry()));
        update.addBatch();
      }
      return SqlValues.held(update.executeBatch());
    }
  }

  /** When the earliest pending event becomes claimable. */
  public Optional<Instant> nextVisible(Connection connection) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT MIN(visible_at) FROM " + inbox + " WHERE visible_at IS NOT NULL");
        ResultSet result = select.executeQuery()) {
      result.next();
      return Optional.ofNullable(SqlValues.instant(result, 1));
    }
  }

  /** Entries with a status, in arrival order, after a sequence. */
  public List<InboxEntry> list(Connection connection, InboxStatus status,
      @Nullable String endpoint, @Nullable Long after, int limit) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT " + ENTRY_COLUMNS
        + " FROM " + inbox + " WHERE status = ? AND seq > ?"
        + (endpoint != null ? " AND endpoint = ?" : "") + " ORDER BY seq LIMIT ?")) {
      int index = 1;
      select.setString(index++, status.name());
      select.setLong(index++, after == null ? 0 : after);
      if (endpoint != null) {
        select.setString(index++, endpoint);
      }
      select.setInt(index, limit);
      return entries(select);
    }
  }

  /** One entry by endpoint and message id. */
  public Optional<InboxEntry> find(Connection connection, String endpoint, String messageId)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT " + ENTRY_COLUMNS
        + " FROM " + inbox + " WHERE endpoint = ? AND message_id = ?")) {
      select.setString(1, endpoint);
      select.setString(2, messageId);
      return entries(select).stream().findFirst();
    }
  }

  private static List<InboxEntry> entries(PreparedStatement select) throws SQLException {
    List<InboxEntry> entries = new ArrayList<>();
    try (ResultSet result = select.executeQuery()) {
      while (result.next()) {
        entries.add(new InboxEntry(result.getLong(1), event(result),
            InboxStatus.valueOf(result.getString(9)), result.getInt(10),
            Objects.requireNonNull(SqlValues.instant(result, 11)),
            SqlValues.instant(result, 12), result.getString(13)));
      }
    }
    return entries;
  }

  /** Makes finished events pending again from attempt 1. */
  public int reopen(Connection connection, InboxStatus from, @Nullable String endpoint,
      @Nullable String messageId, @Nullable OffsetDateTime receivedSince, OffsetDateTime due)
      throws SQLException {
    try (PreparedStatement update = connection.prepareStatement("UPDATE " + inbox
        + " SET status = 'PENDING', attempts = 0, first_attempt_at = NULL, due_at = ?,"
        + " visible_at = ?, finished_at = NULL, lease_owner = NULL, lease_expiry = NULL"
        + " WHERE status = ?" + (endpoint != null ? " AND endpoint = ?" : "")
        + (messageId != null ? " AND message_id = ?" : "")
        + (receivedSince != null ? " AND received_at >= ?" : ""))) {
      int index = 1;
      update.setObject(index++, due);
      update.setObject(index++, due);
      update.setString(index++, from.name());
      if (endpoint != null) {
        update.setString(index++, endpoint);
      }
      if (messageId != null) {
        update.setString(index++, messageId);
      }
      if (receivedSince != null) {
        update.setObject(index, receivedSince);
      }
      return update.executeUpdate();
    }
  }

  /** Deletes finished events that finished before a time. */
  public int purge(Connection connection, OffsetDateTime finishedBefore) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + inbox
        + " WHERE visible_at IS NULL AND finished_at < ?")) {
      delete.setObject(1, finishedBefore);
      return delete.executeUpdate();
    }
  }

  /** The pending count, the dead count and the oldest pending arrival. */
  public InboxStats stats(Connection connection) throws SQLException {
    long pending;
    Instant oldest;
    try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*),"
        + " MIN(received_at) FROM " + inbox + " WHERE visible_at IS NOT NULL");
        ResultSet result = select.executeQuery()) {
      result.next();
      pending = result.getLong(1);
      oldest = SqlValues.instant(result, 2);
    }
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT COUNT(*) FROM " + inbox + " WHERE status = 'DEAD'");
        ResultSet result = select.executeQuery()) {
      result.next();
      return new InboxStats(pending, result.getLong(1), oldest);
    }
  }
}
