package dev.hookmesh.jdbc.internal;

import dev.hookmesh.delivery.DeliveryTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/**
 * The delivery store's statements on MariaDB, where they differ from the portable ones: an
 * insert that skips a row already stored is a plain insert whose duplicate-key error is taken
 * as "already there" (MariaDB rolls back only the failed statement, not the transaction, and
 * {@code INSERT IGNORE} would also swallow a value too long for its column), safe under
 * concurrency; the endpoint state is upserted with {@code ON DUPLICATE KEY UPDATE}.
 */
final class MariaDbDeliverySql extends DeliverySql {

  MariaDbDeliverySql(String tablePrefix) {
    super(tablePrefix);
  }

  @Override
  public void saveMessage(Connection connection, MessageRow message) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + messages
        + " (" + MessageRow.INSERT_COLUMNS + ") VALUES (" + MessageRow.PLACEHOLDERS + ")")) {
      message.bind(insert);
      insert.executeUpdate();
    } catch (SQLException e) {
      requireDuplicate(e);
    }
  }

  @Override
  boolean insertDelivery(Connection connection, String messageId, DeliveryTarget target,
      OffsetDateTime due, @Nullable OffsetDateTime visible, @Nullable String owner,
      @Nullable OffsetDateTime expiry) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + deliveries
        + " (message_id, endpoint_id, attempts, due_at, visible_at, lease_owner, lease_expiry,"
        + " ordering_key) VALUES (?, ?, 0, ?, ?, ?, ?, ?)")) {
      bindDelivery(insert, messageId, target, due, visible, owner, expiry);
      return insert.executeUpdate() == 1;
    } catch (SQLException e) {
      requireDuplicate(e);
      return false;
    }
  }

  /** Rethrows anything but a duplicate key. */
  private static void requireDuplicate(SQLException e) throws SQLException {
    if (!SqlErrors.isDuplicateKey(e)) {
      throw e;
    }
  }
}
