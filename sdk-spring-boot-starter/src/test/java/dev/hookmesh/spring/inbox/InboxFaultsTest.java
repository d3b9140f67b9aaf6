package dev.hookmesh.spring.inbox;

import static dev.hookmesh.spring.inbox.InboxHttpTest.SECRET;
import static dev.hookmesh.spring.inbox.InboxHttpTest.SIGNER;
import static dev.hookmesh.spring.inbox.InboxHttpTest.order;
import static dev.hookmesh.spring.inbox.InboxHttpTest.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookmesh.jdbc.TestDatabases;
import dev.hookmesh.jdbc.TestDatabases.PostgresDatabase;
import dev.hookmesh.spring.it.LoopbackClient;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What an inbox endpoint refuses, each with its status and nothing stored: an address outside
 * its allow-list, requests over its rate limit, a body over its limit, a bad signature, and any
 * request while its database is down, which gets 503 with Retry-After so that the sender tries
 * again.
 */
@SpringBootTest(classes = InboxTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
        "hookmesh.sender.enabled=false",
        // Behind a proxy: Tomcat takes the client's address from X-Forwarded-For when the
        // request comes from a trusted proxy, loopback included.
        "server.forward-headers-strategy=native",
        "spring.datasource.hikari.connection-timeout=1000",
        "hookmesh.receiver.inbox.retry-after=7s",
        "hookmesh.receiver.processing=inbox",
        "hookmesh.receiver.endpoints.orders.secrets[0]=" + SECRET,
        "hookmesh.receiver.endpoints.orders.max-body-size=256B",
        "hookmesh.receiver.endpoints.orders.allowed-ips=127.0.0.0/8,10.1.0.0/16",
        "hookmesh.receiver.endpoints.internal.path=/webhooks/internal",
        "hookmesh.receiver.endpoints.internal.secrets[0]=" + SECRET,
        "hookmesh.receiver.endpoints.internal.allowed-ips=10.0.0.0/8",
        "hookmesh.receiver.endpoints.limited.secrets[0]=" + SECRET,
        "hookmesh.receiver.endpoints.limited.rate-limit=2",
        "hookmesh.receiver.endpoints.ordered.secrets[0]=" + SECRET})
class InboxFaultsTest {

  static final PostgresDatabase DATABASE = InboxDatabase.create();

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", DATABASE::jdbcUrl);
  }

  @LocalServerPort int port;
  LoopbackClient client;
  /** The test's own view of the database, apart from the application's pool. */
  final DataSource dataSource = DATABASE.dataSource();

  @BeforeEach
  void client() {
    client = new LoopbackClient(port);
  }

  @Test
  void anAddressOutsideTheAllowListIsRefusedBeforeTheBodyIsRead() {
    String body = order("ip-1", 0);

    HttpResponse<String> refused = post(client, "internal", "msg_ip-1", body);
    HttpResponse<String> forwarded = client.post("/webhooks/internal",
        LoopbackClient.plus(SIGNER.sign("msg_ip-2", body), "X-Forwarded-For", "10.9.8.7"), body);
    HttpResponse<String> spoofed = client.post("/webhooks/orders",
        LoopbackClient.plus(SIGNER.sign("msg_ip-3", body), "X-Forwarded-For", "203.0.113.9"),
        body);

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("ADDRESS_NOT_ALLOWED");
    assertThat(forwarded.statusCode()).as("from 10.9.8.7 through a proxy").isEqualTo(202);
    assertThat(spoofed.statusCode()).as("from 203.0.113.9 through a proxy").isEqualTo(403);
    assertThat(InboxDatabase.stored(dataSource, "internal", "msg_ip-1")).isFalse();
    assertThat(InboxDatabase.stored(dataSource, "internal", "msg_ip-2")).isTrue();
    assertThat(InboxDatabase.stored(dataSource, "orders", "msg_ip-3")).isFalse();
  }

  @Test
  void requestsOverTheRateLimitAreAskedToComeBackLater() {
    List<HttpResponse<String>> responses = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      responses.add(post(client, "limited", "msg_limited-" + i, order("limited-" + i, 0)));
    }

    List<HttpResponse<String>> limited = responses.stream()
        .filter(response -> response.statusCode() == 429).toList();
    long accepted = responses.stream().filter(response -> response.statusCode() == 202).count();
    assertThat(accepted + limited.size()).isEqualTo(10);
    assertThat(limited).isNotEmpty().allSatisfy(response -> {
      assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(
          seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
      assertThat(response.body()).contains("RATE_LIMITED");
    });
    assertThat(InboxDatabase.storedEvents(dataSource, "limited")).isEqualTo((int) accepted);
  }

  @Test
  void aBodyOverTheLimitABadSignatureOrABodyThatIsNotJsonStoreNothing() {
    String large = "{\"type\":\"order.created\",\"id\":\"large\",\"pad\":\"" + "x".repeat(300)
        + "\"}";
    String body = order("forged", 0);
    Map<String, String> forged = new LinkedHashMap<>(SIGNER.sign("msg_forged", body));
    forged.put("webhook-signature", "v1," + Base64.getEncoder().encodeToString(new byte[32]));

    HttpResponse<String> tooLarge = post(client, "orders", "msg_large", large);
    HttpResponse<String> badSignature = client.post("/webhooks/orders", forged, body);
    HttpResponse<String> notJson = post(client, "orders", "msg_not-json", "order.created?");

    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(notJson.statusCode()).as("listeners pick events by type").isEqualTo(400);
    assertThat(notJson.body()).contains("INVALID_JSON");
    assertThat(InboxDatabase.stored(dataSource, "orders", "msg_not-json")).isFalse();
    assertThat(badSignature.statusCode()).isEqualTo(401);
    assertThat(badSignature.body()).contains("NO_MATCHING_SIGNATURE");
    assertThat(InboxDatabase.stored(dataSource, "orders", "msg_large")).isFalse();
    assertThat(InboxDatabase.stored(dataSource, "orders", "msg_forged")).isFalse();
  }

  @Test
  void aDatabaseThatIsDownGets503WithRetryAfterAndNothingIsHalfWritten() throws Exception {
    String body = order("down-1", 0);
    HttpResponse<String> whileDown;
    setConnectionsAllowed(false);
    try {
      whileDown = post(client, "orders", "msg_down-1", body);
    } finally {
      setConnectionsAllowed(true);
    }

    assertThat(whileDown.statusCode()).isEqualTo(503);
    assertThat(whileDown.headers().firstValue("Retry-After")).hasValue("7");
    assertThat(whileDown.body()).contains("INBOX_UNAVAILABLE").doesNotContain("jdbc:");
    assertThat(InboxDatabase.stored(dataSource, "orders", "msg_down-1")).isFalse();

    // The sender's retries, once the database is back, are stored and processed: the first
    // may still meet a pooled connection the restart ended, and get another 503.
    await().atMost(Duration.ofSeconds(10))
        .until(() -> post(client, "orders", "msg_down-1", body).statusCode() == 202);
    await().atMost(Duration.ofSeconds(10)).until(
        () -> InboxDatabase.orderRows(dataSource, "down-").equals(Map.of("down-1", 1)));
  }

  /**
   * Takes the test's database down for new connections and ends every open one, as a database
   * restart does; or lets connections in again.
   */
  private static void setConnectionsAllowed(boolean allowed) throws SQLException {
    try (Connection admin = TestDatabases.postgres().getConnection();
        Statement statement = admin.createStatement()) {
      statement.execute("ALTER DATABASE " + DATABASE.name() + " ALLOW_CONNECTIONS " + allowed);
      if (!allowed) {
        statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            + " WHERE datname = '" + DATABASE.name() + "'");
      }
    }
  }
}
