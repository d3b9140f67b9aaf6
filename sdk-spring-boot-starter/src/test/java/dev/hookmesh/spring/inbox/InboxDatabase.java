package dev.hookmesh.spring.inbox;

import dev.hookmesh.jdbc.JdbcSchema;
import dev.hookmesh.jdbc.TestDatabases;
import dev.hookmesh.jdbc.TestDatabases.PostgresDatabase;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** A fresh PostgreSQL database for an inbox test: Hookmesh's schema and an orders table. */
public final class InboxDatabase {

  private InboxDatabase() {}

  public static PostgresDatabase create() {
    PostgresDatabase database = TestDatabases.postgresDatabase();
    JdbcSchema.create(database.dataSource());
    new JdbcTemplate(database.dataSource()).execute("CREATE TABLE orders ("
        + " order_id VARCHAR(64) NOT NULL, message_id VARCHAR(255) NOT NULL)");
    return database;
  }

  /** How many rows the orders table holds for each order whose id starts with a prefix. */
  public static Map<String, Integer> orderRows(DataSource dataSource, String prefix) {
    List<Map<String, Object>> rows = new JdbcTemplate(dataSource).queryForList(
        "SELECT order_id, COUNT(*) AS n FROM orders WHERE order_id LIKE ? GROUP BY order_id",
        prefix + "%");
    return rows.stream().collect(Collectors.toMap(
        row -> (String) row.get("order_id"), row -> ((Number) row.get("n")).intValue()));
  }

  /** How many events the inbox holds for an endpoint, whatever their status. */
  public static int storedEvents(DataSource dataSource, String endpoint) {
    Integer count = new JdbcTemplate(dataSource).queryForObject(
        "SELECT COUNT(*) FROM hookmesh_inbox WHERE endpoint = ?", Integer.class, endpoint);
    return count == null ? 0 : count;
  }

  /** Whether the inbox holds an endpoint's message, whatever its status. */
  public static boolean stored(DataSource dataSource, String endpoint, String messageId) {
    Integer count = new JdbcTemplate(dataSource).queryForObject(
        "SELECT COUNT(*) FROM hookmesh_inbox WHERE endpoint = ? AND message_id = ?",
        Integer.class, endpoint, messageId);
    return count != null && count > 0;
  }
}
