package dev.hookmesh.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookmesh.WebhookMessage;
import dev.hookmesh.delivery.PendingDelivery;
import dev.hookmesh.jdbc.TestDatabases.MariaDbDatabase;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * What is particular to MariaDB: its schema script, times kept in UTC whatever the JVM's zone,
 * and the refusal of databases the stores do not run on.
 */
class MariaDbTest {

  private static final Instant T0 = Instant.parse("2026-11-23T06:00:00.123Z");

  @Test
  void theSchemaScriptRunsAgainAndUnderAPrefix() throws SQLException {
    MariaDbDatabase database = TestDatabases.mariadbDatabase();
    JdbcSchema.create(database.dataSource());
    JdbcSchema.create(database.dataSource());
    JdbcSchema.create(database.dataSource(), "webhooks_", JdbcDatabase.MARIADB);

    assertThat(tables(database.dataSource())).contains("hookmesh_delivery", "hookmesh_inbox",
        "hookmesh_app_endpoint", "webhooks_delivery", "webhooks_registry_change");
    JdbcDeliveryStore prefixed = JdbcDeliveryStore.builder(database.dataSource())
        .tablePrefix("webhooks_").build();
    prefixed.enqueue(message("m1"), "ep", T0);
    assertThat(prefixed.pendingCount()).isOne();
  }

  @Test
  void timesAreStoredAsUtcWhateverTheJvmsZone() throws SQLException {
    MariaDbDatabase database = TestDatabases.mariadbDatabase();
    JdbcSchema.create(database.dataSource());
    TimeZone zone = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
    try {
      JdbcDeliveryStore store = JdbcDeliveryStore.builder(database.dataSource())
          .clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
      store.enqueue(message("m1"), "ep", T0);

      List<PendingDelivery> claimed =
          store.claimDue(T0, 10, Set.of(), Duration.ofMinutes(5), "a");
      assertThat(claimed).singleElement().satisfies(delivery -> {
        assertThat(delivery.due()).isEqualTo(T0);
        assertThat(delivery.message().createdAt()).isEqualTo(T0);
      });
      assertThat(store.claimDue(T0.minusMillis(1), 10, Set.of(), Duration.ofMinutes(5), "b"))
          .isEmpty();
    } finally {
      TimeZone.setDefault(zone);
    }
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(
            "SELECT CAST(due_at AS CHAR) FROM hookmesh_delivery")) {
      row.next();
      assertThat(row.getString(1)).isEqualTo("2026-11-23 06:00:00.123000");
    }
  }

  @Test
  void aDatabaseTheStoresDoNotRunOnIsRefusedSayingWhatToDo() {
    for (String product : List.of("Oracle", "Microsoft SQL Server")) {
      assertThatThrownBy(() -> JdbcDeliveryStore.builder(database(product, "23.4")).build())
          .hasStackTraceContaining("run on PostgreSQL, MariaDB and H2, not on " + product)
          .hasStackTraceContaining("keep them in memory");
    }
    assertThatThrownBy(() -> JdbcInboxStore.builder(database("MySQL", "8.4.3")).build())
        .hasStackTraceContaining("MariaDB 10.6+, not yet on MySQL (8.4.3)");
  }

  @Test
  void aNamedDatabaseIsTakenAsSaid() {
    DataSource h2 = TestDatabases.h2();
    JdbcSchema.create(h2, "hookmesh_", JdbcDatabase.H2);
    JdbcDeliveryStore store = JdbcDeliveryStore.builder(h2).database(JdbcDatabase.H2).build();
    store.enqueue(message("m1"), "ep", T0);

    assertThat(store.pendingCount()).isOne();
    assertThat(store.toString()).contains("H2");
  }

  /** A data source whose connections say they are some product, and do nothing else. */
  private static DataSource database(String product, String version) {
    DatabaseMetaData metaData = (DatabaseMetaData) Proxy.newProxyInstance(
        MariaDbTest.class.getClassLoader(), new Class<?>[] {DatabaseMetaData.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getDatabaseProductName" -> product;
          case "getDatabaseProductVersion" -> version;
          default -> throw new UnsupportedOperationException(method.getName());
        });
    Connection connection = (Connection) Proxy.newProxyInstance(
        MariaDbTest.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getMetaData" -> metaData;
          case "getAutoCommit" -> true;
          case "close", "setAutoCommit", "commit", "rollback" -> null;
          default -> throw new UnsupportedOperationException(method.getName());
        });
    return (DataSource) Proxy.newProxyInstance(MariaDbTest.class.getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          if (method.getName().equals("getConnection")) {
            return connection;
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }

  private static Set<String> tables(DataSource dataSource) throws SQLException {
    java.util.Set<String> names = new java.util.TreeSet<>();
    try (Connection connection = dataSource.getConnection();
        ResultSet tables = connection.getMetaData().getTables(connection.getCatalog(), null,
            "%", new String[] {"TABLE"})) {
      while (tables.next()) {
        names.add(tables.getString("TABLE_NAME"));
      }
    }
    return names;
  }

  private static WebhookMessage message(String id) {
    return WebhookMessage.builder("invoice.paid").id(id)
        .body("{}".getBytes(StandardCharsets.UTF_8), "application/json").createdAt(T0).build();
  }
}
