package dev.hookmesh.spring.inbox;

import static dev.hookmesh.spring.inbox.InboxHttpTest.SECRET;
import static dev.hookmesh.spring.inbox.InboxHttpTest.order;
import static dev.hookmesh.spring.inbox.InboxHttpTest.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookmesh.inbox.InMemoryInboxStore;
import dev.hookmesh.inbox.InboxEntry;
import dev.hookmesh.inbox.InboxStatus;
import dev.hookmesh.inbox.WebhookInbox;
import dev.hookmesh.jdbc.TestDatabases.PostgresDatabase;
import dev.hookmesh.spring.it.LoopbackClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An inbox endpoint in a WebFlux application, with the inbox kept in memory: acknowledged at
 * once, processed in the background, refused before the body from an address it does not
 * allow.
 */
@SpringBootTest(classes = InboxTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
        "spring.main.web-application-type=reactive",
        "hookmesh.sender.enabled=false",
        "hookmesh.receiver.inbox.store=memory",
        "hookmesh.receiver.inbox.retry.policy=exponential",
        "hookmesh.receiver.inbox.retry.initial=10ms",
        "hookmesh.receiver.endpoints.orders.processing=inbox",
        "hookmesh.receiver.endpoints.orders.secrets[0]=" + SECRET,
        "hookmesh.receiver.endpoints.ordered.processing=inbox",
        "hookmesh.receiver.endpoints.ordered.allowed-ips=192.0.2.0/24",
        "hookmesh.receiver.endpoints.ordered.secrets[0]=" + SECRET})
class ReactiveInboxTest {

  static final PostgresDatabase DATABASE = InboxDatabase.create();

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", DATABASE::jdbcUrl);
  }

  @LocalServerPort int port;
  @Autowired WebhookInbox inbox;

  @Test
  void storesAcknowledgesAndProcessesInTheBackground() {
    LoopbackClient client = new LoopbackClient(port);

    HttpResponse<String> first = post(client, "orders", "msg_reactive-1", order("reactive-1", 1));
    HttpResponse<String> again = post(client, "orders", "msg_reactive-1", order("reactive-1", 1));

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(inbox.store()).isInstanceOf(InMemoryInboxStore.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> inbox.find("orders", "msg_reactive-1")
        .map(InboxEntry::status).orElse(null) == InboxStatus.PROCESSED);
    // Without a transaction, the failed first attempt's row stays: the docs say why.
    assertThat(InboxDatabase.orderRows(DATABASE.dataSource(), "reactive-"))
        .containsEntry("reactive-1", 2);
  }

  @Test
  void refusesAnAddressOutsideTheAllowList() {
    HttpResponse<String> refused = post(new LoopbackClient(port), "ordered", "msg_reactive-ip",
        "{\"key\":\"a\",\"seq\":1}");

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(inbox.find("ordered", "msg_reactive-ip")).isEmpty();
  }
}
