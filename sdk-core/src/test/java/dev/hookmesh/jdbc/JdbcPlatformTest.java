package dev.hookmesh.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.LoopbackReceiver;
import dev.hookmesh.TestClock;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.delivery.Delivery;
import dev.hookmesh.jdbc.TestDatabases.Database;
import dev.hookmesh.platform.ApplicationSpec;
import dev.hookmesh.platform.CreatedEndpoint;
import dev.hookmesh.platform.EncryptionKey;
import dev.hookmesh.platform.EncryptionKeys;
import dev.hookmesh.platform.EndpointSpec;
import dev.hookmesh.platform.EventTypeSpec;
import dev.hookmesh.platform.Publication;
import dev.hookmesh.platform.RegistryStore;
import dev.hookmesh.platform.WebhookPublisher;
import dev.hookmesh.platform.WebhookRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The platform on a real PostgreSQL: what a publish leaves behind survives a restart, secrets
 * are unreadable in the rows, and a change made by one instance reaches another's cache.
 */
class JdbcPlatformTest {

  private static final EncryptionKeys KEYS = EncryptionKeys.of(EncryptionKey.generate("k1"));

  private final LoopbackReceiver receiver = new LoopbackReceiver();
  private final List<WebhookClient> clients = new ArrayList<>();

  @AfterEach
  void close() {
    clients.forEach(WebhookClient::close);
    receiver.close();
  }

  /** One instance of the provider's application: registry, client and publisher. */
  private record Instance(WebhookRegistry registry, WebhookClient client,
      WebhookPublisher publisher) {}

  private Instance start(DataSource database) {
    JdbcDeliveryStore deliveries = JdbcDeliveryStore.builder(database).build();
    WebhookRegistry registry = WebhookRegistry.builder(
        JdbcRegistryStore.builder(database).build(), KEYS).deliveryStore(deliveries).build();
    WebhookClient client = LoopbackReceiver.clientBuilder().store(deliveries)
        .endpointResolver(registry).build();
    clients.add(client);
    return new Instance(registry, client, WebhookPublisher.builder(registry, client).build());
  }

  private static DataSource created(Supplier<Database> server) {
    DataSource database = server.get().dataSource();
    JdbcSchema.create(database);
    return database;
  }

  @ParameterizedTest
  @MethodSource("dev.hookmesh.jdbc.TestDatabases#servers")
  void publishingAgainAfterARestartSendsNothingNew(Supplier<Database> server) throws Exception {
    DataSource database = created(server);
    Instance first = start(database);
    first.registry().defineEventType(EventTypeSpec.builder("invoice.paid").build());
    first.registry().createApplication(ApplicationSpec.builder("Acme").id("acme").build());
    first.registry().createEndpoint("acme",
        EndpointSpec.builder(receiver.url("/hooks/a")).build());
    first.registry().createEndpoint("acme",
        EndpointSpec.builder(receiver.url("/hooks/b")).build());
    Publication published = first.publisher().publish("acme", message("inv_1-paid"));
    for (Delivery delivery : published.deliveries()) {
      assertThat(delivery.result().get(30, TimeUnit.SECONDS).delivered()).isTrue();
    }
    first.client().close();

    Instance second = start(database);
    Publication again = second.publisher().publish("acme", message("inv_1-paid"));

    assertThat(again.duplicate()).isTrue();
    assertThat(again.webhookId()).isEqualTo(published.webhookId());
    assertThat(again.deliveries()).hasSize(2);
    for (Delivery delivery : again.deliveries()) {
      assertThat(delivery.result().get(30, TimeUnit.SECONDS).delivered()).isTrue();
    }
    assertThat(receiver.count()).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("dev.hookmesh.jdbc.TestDatabases#servers")
  void secretsAreUnreadableInTheDatabase(Supplier<Database> server) throws SQLException {
    DataSource database = created(server);
    Instance instance = start(database);
    instance.registry().createApplication(ApplicationSpec.builder("Acme").id("acme").build());
    CreatedEndpoint created = instance.registry().createEndpoint("acme",
        EndpointSpec.builder(receiver.url("/hooks/a")).build());
    String rotated = instance.registry().rotateSecret("acme", created.registration().id(),
        Duration.ofHours(1));

    String rows = everyValue(database, "hookmesh_app_endpoint")
        + everyValue(database, "hookmesh_application")
        + everyValue(database, "hookmesh_registry_change");

    for (String secret : List.of(created.secret(), rotated)) {
      assertThat(rows).doesNotContain(secret).doesNotContain(secret.substring("whsec_".length()));
    }
    assertThat(rows).contains("v1.k1.");
  }

  @ParameterizedTest
  @MethodSource("dev.hookmesh.jdbc.TestDatabases#servers")
  void aChangeOneInstanceMakesReachesAnotherWithinItsRefreshInterval(Supplier<Database> server) {
    DataSource database = created(server);
    TestClock clock = new TestClock(Instant.now());
    RegistryStore store = JdbcRegistryStore.builder(database).clock(clock).build();
    WebhookRegistry here = WebhookRegistry.builder(store, KEYS).clock(clock)
        .refreshInterval(Duration.ofSeconds(1)).build();
    WebhookRegistry there = WebhookRegistry.builder(store, KEYS).clock(clock)
        .refreshInterval(Duration.ofSeconds(1)).build();
    here.createApplication(ApplicationSpec.builder("Acme").id("acme").build());
    assertThat(there.subscribers("acme", "invoice.paid", Set.of())).isEmpty(); // now cached

    here.createEndpoint("acme", EndpointSpec.builder(receiver.url("/hooks/a")).build());

    assertThat(there.subscribers("acme", "invoice.paid", Set.of()))
        .as("within the refresh interval, the cache stands").isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(there.subscribers("acme", "invoice.paid", Set.of())).hasSize(1);
  }

  private static WebhookMessage message(String id) {
    return WebhookMessage.builder("invoice.paid").id(id).payload(Map.of("invoice", id)).build();
  }

  /** Every value of every row of a table, as text. */
  private static String everyValue(DataSource database, String table) throws SQLException {
    StringBuilder values = new StringBuilder();
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT * FROM " + table)) {
      ResultSetMetaData columns = result.getMetaData();
      while (result.next()) {
        for (int i = 1; i <= columns.getColumnCount(); i++) {
          values.append(result.getString(i)).append('\n');
        }
      }
    }
    return values.toString();
  }
}
