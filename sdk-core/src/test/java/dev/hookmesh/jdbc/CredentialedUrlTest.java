package dev.hookmesh.jdbc;

import static dev.hookmesh.LoopbackReceiver.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookmesh.Endpoint;
import dev.hookmesh.LoopbackReceiver;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.delivery.Delivery;
import dev.hookmesh.delivery.DeliveryAttempt;
import dev.hookmesh.delivery.DeliveryEvent;
import dev.hookmesh.delivery.DeliveryOutcome;
import dev.hookmesh.delivery.DeliveryResult;
import dev.hookmesh.jdbc.TestDatabases.PostgresDatabase;
import dev.hookmesh.json.PayloadCodec;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/**
 * An endpoint built from a URL with user info and a query token, and no id of its own: the
 * request still goes to the whole URL, and the credentials appear in no value the client hands
 * out, no event, and no row of the store.
 */
class CredentialedUrlTest {

  private static final String USER = "bob";
  private static final String PASSWORD = "hunter2pass";
  private static final String TOKEN = "tok_SECRETQUERY";

  @Test
  void credentialsReachTheReceiverButNoValueEventOrRow() throws Exception {
    PostgresDatabase database = TestDatabases.postgresDatabase();
    JdbcSchema.create(database.dataSource());
    Queue<DeliveryEvent> events = new ConcurrentLinkedQueue<>();
    try (LoopbackReceiver receiver = new LoopbackReceiver();
        HikariDataSource pool = database.pool(2);
        WebhookClient client = LoopbackReceiver.clientBuilder()
            .store(JdbcDeliveryStore.builder(pool).build())
            .listener(events::add)
            .build()) {
      receiver.answerInOrder(500, 204);
      Endpoint endpoint = Endpoint.builder(credentialed(receiver)).key(SECRET).build();

      Delivery delivery = client.send(endpoint, WebhookMessage.of("invoice.paid", "{}"));
      DeliveryResult result = delivery.result().get(30, TimeUnit.SECONDS);

      assertThat(result.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
      assertThat(receiver.requests()).allSatisfy(request ->
          assertThat(request.getUrl().queryParameter("token")).isEqualTo(TOKEN));
      List<Object> shown = new ArrayList<>(List.of(endpoint, delivery, result,
          client.endpointHealth(endpoint.id()), client.endpointHealth()));
      shown.addAll(client.store().attempts(delivery.messageId()));
      shown.addAll(events);
      assertThat(events).extracting(DeliveryEvent::type).contains(DeliveryEvent.Type.FINISHED);
      for (Object value : shown) {
        assertThat(value.toString()).as(value.getClass().getSimpleName())
            .doesNotContain(PASSWORD, TOKEN, USER + ":");
      }
    }
    assertThat(everyRow(database.dataSource()))
        .isNotEmpty()
        .allSatisfy(row -> assertThat(row).doesNotContain(PASSWORD, TOKEN, USER + ":"));
  }

  @SuppressWarnings("try") // the resource works while open; the body never names it
  @Test
  void redactEndpointIdsRewritesIdsStoredUnderTheOldDefault() throws Exception {
    PostgresDatabase database = TestDatabases.postgresDatabase();
    DataSource dataSource = database.dataSource();
    JdbcSchema.create(dataSource);
    try (LoopbackReceiver receiver = new LoopbackReceiver()) {
      String url = credentialed(receiver);
      String oldId = HttpUrl.get(url).toString(); // what endpoints without an id were stored under
      JdbcDeliveryStore store = JdbcDeliveryStore.builder(dataSource).build();
      WebhookMessage message =
          WebhookMessage.of("invoice.paid", "{}").encode(PayloadCodec.jackson());
      store.enqueue(message, oldId, Instant.now());
      store.enqueue(message, "ep_explicit", Instant.now());

      assertThat(store.redactEndpointIds()).isEqualTo(1);
      assertThat(store.redactEndpointIds()).isZero();

      assertThat(everyRow(dataSource))
          .allSatisfy(row -> assertThat(row).doesNotContain(PASSWORD, TOKEN));
      Endpoint endpoint = Endpoint.builder(url).key(SECRET).build();
      try (WebhookClient client = LoopbackReceiver.clientBuilder().store(store)
          .endpointResolver(id -> id.equals(endpoint.id())
              ? Optional.of(endpoint) : Optional.empty())
          .build()) {
        await().atMost(Duration.ofSeconds(30))
            .until(() -> receiver.count() == 1);
      }
      assertThat(store.status(message.id(), endpoint.id())).get()
          .extracting(status -> status.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    }
  }

  private static String credentialed(LoopbackReceiver receiver) {
    return receiver.url("/in").replace("http://", "http://" + USER + ":" + PASSWORD + "@")
        + "?token=" + TOKEN;
  }

  /** Every row of every Hookmesh table, each as one line of text. */
  private static List<String> everyRow(DataSource dataSource) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet result = statement.executeQuery("SELECT table_name FROM"
          + " information_schema.tables WHERE table_name LIKE 'hookmesh%'")) {
        while (result.next()) {
          tables.add(result.getString(1));
        }
      }
      assertThat(tables).contains("hookmesh_delivery", "hookmesh_attempt");
      for (String table : tables) {
        try (PreparedStatement select = connection.prepareStatement("SELECT * FROM " + table);
            ResultSet result = select.executeQuery()) {
          int columns = result.getMetaData().getColumnCount();
          while (result.next()) {
            StringBuilder row = new StringBuilder(table).append(':');
            for (int i = 1; i <= columns; i++) {
              Object value = result.getObject(i);
              row.append(' ').append(value instanceof byte[] bytes
                  ? new String(bytes, StandardCharsets.UTF_8) : value);
            }
            rows.add(row.toString());
          }
        }
      }
    }
    return rows;
  }
}
