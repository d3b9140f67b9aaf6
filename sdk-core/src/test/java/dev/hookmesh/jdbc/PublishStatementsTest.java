package dev.hookmesh.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.LoopbackReceiver;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.platform.EncryptionKey;
import dev.hookmesh.platform.EncryptionKeys;
import dev.hookmesh.platform.WebhookPublisher;
import dev.hookmesh.platform.WebhookRegistry;
import dev.hookmesh.platform.internal.SecretCipher;
import dev.hookmesh.signature.HmacSecret;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A registry of 10,000 applications with 5 endpoints each on a real PostgreSQL: a publish
 * issues the same few statements whatever the registry's size and the number of endpoints
 * subscribed, counted at the JDBC driver.
 */
class PublishStatementsTest {

  private static final int APPLICATIONS = 10_000;
  private static final int ENDPOINTS = 5;
  private static final EncryptionKeys KEYS = EncryptionKeys.of(EncryptionKey.generate("k1"));
  private static final AtomicInteger STATEMENTS = new AtomicInteger();
  /** Only the publishing thread's statements count: claims and outcomes run on others. */
  private static volatile Thread counted;

  private static LoopbackReceiver receiver;
  private static DataSource countedSource;
  private static WebhookClient client;
  private static WebhookPublisher publisher;

  @BeforeAll
  static void registry() throws SQLException {
    receiver = new LoopbackReceiver();
    DataSource database = TestDatabases.postgresDatabase().pool(4);
    JdbcSchema.create(database);
    seed(database);
    countedSource = counting(database);
    JdbcDeliveryStore deliveries = JdbcDeliveryStore.builder(countedSource).build();
    // No refresh during the test: it would add one statement per interval, not per publish.
    WebhookRegistry registry = WebhookRegistry.builder(
        JdbcRegistryStore.builder(countedSource).build(), KEYS).refreshInterval(Duration.ofHours(1))
        .build();
    client = LoopbackReceiver.clientBuilder().store(deliveries).endpointResolver(registry)
        .pollInterval(Duration.ofHours(1)).build();
    publisher = WebhookPublisher.builder(registry, client).lenientCatalog().build();
  }

  @AfterAll
  static void close() {
    client.close();
    receiver.close();
  }

  /** Applications {@code app_0..} with 5 endpoints each, one of app_1's unsubscribed from all but one type. */
  private static void seed(DataSource database) throws SQLException {
    SecretCipher cipher = new SecretCipher(KEYS);
    Timestamp now = Timestamp.from(Instant.now());
    try (Connection connection = database.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement app = connection.prepareStatement("INSERT INTO hookmesh_application"
          + " (id, name, rate_limit, metadata, created_at, updated_at)"
          + " VALUES (?, ?, NULL, '{}', ?, ?)");
          PreparedStatement endpoint = connection.prepareStatement("INSERT INTO"
              + " hookmesh_app_endpoint (id, application_id, url, description, event_types,"
              + " channels, headers, rate_limit, metadata, enabled, ordered, key_type, secret,"
              + " previous_secret, previous_expires_at, created_at, updated_at) VALUES"
              + " (?, ?, ?, '', ?, '[]', '{}', NULL, '{}', TRUE, FALSE, 'HMAC', ?, NULL, NULL,"
              + " ?, ?)")) {
        for (int a = 0; a < APPLICATIONS; a++) {
          app.setString(1, "app_" + a);
          app.setString(2, "Customer " + a);
          app.setTimestamp(3, now);
          app.setTimestamp(4, now);
          app.addBatch();
          for (int e = 0; e < ENDPOINTS; e++) {
            String id = "ep_" + a + "_" + e;
            endpoint.setString(1, id);
            endpoint.setString(2, "app_" + a);
            endpoint.setString(3, receiver.url("/hooks/" + id));
            // app_1 has one endpoint subscribed to invoice.paid, four to other types.
            endpoint.setString(4, a == 1 && e > 0 ? "[\"order.*\"]" : "[]");
            endpoint.setString(5, cipher.encrypt(id, HmacSecret.generate().encode()));
            endpoint.setTimestamp(6, now);
            endpoint.setTimestamp(7, now);
            endpoint.addBatch();
          }
          if (a % 1_000 == 999) {
            app.executeBatch();
            endpoint.executeBatch();
          }
        }
      }
      connection.commit();
    }
  }

  private static int statementsOf(Runnable call) {
    STATEMENTS.set(0);
    counted = Thread.currentThread();
    try {
      call.run();
    } finally {
      counted = null;
    }
    return STATEMENTS.get();
  }

  private static Runnable publish(String application, String id) {
    return () -> publisher.publish(application, WebhookMessage.builder("invoice.paid").id(id)
        .payload(Map.of("n", id)).build());
  }

  @Test
  void aPublishCostsTheSameFewStatementsWhateverTheRegistrysSizeOrTheFanOut() {
    // The client's first claim and the catalog's first read are not the publish's.
    publish("app_5000", "warm-up").run();
    int firstToAnApplication = statementsOf(publish("app_0", "m1"));
    int again = statementsOf(publish("app_0", "m2"));
    int lastApplication = statementsOf(publish("app_9999", "m1"));
    int lastAgain = statementsOf(publish("app_9999", "m2"));
    int oneSubscriber = statementsOf(publish("app_1", "m1"));
    int oneSubscriberAgain = statementsOf(publish("app_1", "m2"));
    int duplicate = statementsOf(publish("app_0", "m2"));

    System.out.printf("statements per publish: %d loading the application, %d cached,"
        + " %d for a duplicate%n", firstToAnApplication, again, duplicate);
    assertThat(again).as("cached: the duplicate check and the one statement that stores"
        + " the message and its 5 deliveries").isEqualTo(2);
    assertThat(lastAgain).isEqualTo(again);
    assertThat(oneSubscriberAgain).as("1 subscriber instead of 5").isEqualTo(again);
    assertThat(firstToAnApplication).as("plus reading the application, its endpoints and"
        + " their delivery states, once per instance").isEqualTo(again + 3);
    assertThat(lastApplication).isEqualTo(firstToAnApplication);
    assertThat(oneSubscriber).isEqualTo(firstToAnApplication);
  }

  /** A data source whose statements count every execution. */
  private static DataSource counting(DataSource target) {
    return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          Object result = invoke(target, method, args);
          return result instanceof Connection connection ? counting(connection) : result;
        });
  }

  private static Connection counting(Connection target) {
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          Object result = invoke(target, method, args);
          if (result instanceof PreparedStatement statement) {
            return counting(statement, PreparedStatement.class);
          }
          return result instanceof Statement statement
              ? counting(statement, Statement.class) : result;
        });
  }

  private static <T extends Statement> T counting(T target, Class<T> type) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        (proxy, method, args) -> {
          if (method.getName().startsWith("execute") && Thread.currentThread() == counted) {
            STATEMENTS.incrementAndGet();
          }
          return invoke(target, method, args);
        }));
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
