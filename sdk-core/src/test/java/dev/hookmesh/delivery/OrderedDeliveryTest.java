package dev.hookmesh.delivery;

import static dev.hookmesh.LoopbackReceiver.body;
import static dev.hookmesh.LoopbackReceiver.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookmesh.Endpoint;
import dev.hookmesh.LoopbackReceiver;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.jdbc.JdbcDeliveryStore;
import dev.hookmesh.jdbc.JdbcSchema;
import dev.hookmesh.jdbc.TestDatabases;
import dev.hookmesh.retry.ExponentialBackoff;
import dev.hookmesh.retry.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ordered delivery through a real client to a receiver on 127.0.0.1 that fails at random: the
 * deliveries of one key arrive one at a time, in the order they were sent, at every endpoint,
 * on each store; an ordered endpoint takes all of its deliveries that way.
 */
class OrderedDeliveryTest {

  private static final Pattern FIELDS = Pattern.compile("\"key\":\"(\\w+)\",\"seq\":(\\d+)");
  private static final RetryPolicy PATIENT = ExponentialBackoff.builder()
      .initial(Duration.ofMillis(2)).maxDelay(Duration.ofMillis(20)).maxAttempts(50).build();

  private final LoopbackReceiver receiver = new LoopbackReceiver();
  private WebhookClient client;

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
    receiver.close();
  }

  static Stream<Arguments> stores() {
    return Stream.of(
        Arguments.of("memory", (Supplier<DeliveryStore>) InMemoryDeliveryStore::new),
        Arguments.of("postgresql", (Supplier<DeliveryStore>) () -> {
          TestDatabases.PostgresDatabase database = TestDatabases.postgresDatabase();
          JdbcSchema.create(database.dataSource());
          return JdbcDeliveryStore.builder(database.pool(4)).build();
        }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void eachKeyArrivesInTheOrderSentThoughTheReceiverFailsAtRandom(String name,
      Supplier<DeliveryStore> store) {
    Random random = new Random(42);
    Map<String, List<Integer>> arrived = new ConcurrentHashMap<>();
    receiver.answer(request -> {
      if (random(random) < 0.3) {
        return status(503);
      }
      Matcher fields = FIELDS.matcher(new String(body(request), StandardCharsets.UTF_8));
      if (fields.find()) {
        arrived.computeIfAbsent(fields.group(1), k -> new CopyOnWriteArrayList<>())
            .add(Integer.parseInt(fields.group(2)));
      }
      return status(204);
    });
    client = LoopbackReceiver.clientBuilder().store(store.get()).retryPolicy(PATIENT)
        .maxConcurrencyPerEndpoint(8).build();
    Endpoint endpoint = receiver.endpoint("ep_ordered");

    List<String[]> sends = new ArrayList<>();
    for (int k = 0; k < 10; k++) {
      for (int seq = 0; seq < 20; seq++) {
        sends.add(new String[] {"k" + k, Integer.toString(seq)});
      }
    }
    Collections.shuffle(sends, random);
    Map<String, List<Integer>> sent = new ConcurrentHashMap<>();
    List<Delivery> deliveries = new ArrayList<>();
    for (String[] send : sends) {
      String body = "{\"key\":\"" + send[0] + "\",\"seq\":" + send[1] + "}";
      deliveries.add(client.send(endpoint, WebhookMessage.builder("order.updated")
          .body(body.getBytes(StandardCharsets.UTF_8), "application/json")
          .orderingKey(send[0]).build()));
      sent.computeIfAbsent(send[0], k -> new ArrayList<>()).add(Integer.parseInt(send[1]));
    }

    await().atMost(Duration.ofSeconds(60)).until(
        () -> deliveries.stream().allMatch(delivery -> delivery.result().isDone()));
    assertThat(deliveries).allSatisfy(delivery -> assertThat(delivery.result().join().outcome())
        .isEqualTo(DeliveryOutcome.DELIVERED));
    assertThat(arrived).as(name).isEqualTo(sent);
    assertThat(receiver.count()).as("some attempts failed and were retried")
        .isGreaterThan(200);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void anOrderedEndpointTakesEveryDeliveryInTheOrderSent(String name,
      Supplier<DeliveryStore> store) {
    Random random = new Random(7);
    List<Integer> arrived = new CopyOnWriteArrayList<>();
    receiver.answer(request -> {
      if (random(random) < 0.3) {
        return status(500);
      }
      Matcher fields = FIELDS.matcher(new String(body(request), StandardCharsets.UTF_8));
      if (fields.find()) {
        arrived.add(Integer.parseInt(fields.group(2)));
      }
      return status(204);
    });
    client = LoopbackReceiver.clientBuilder().store(store.get()).retryPolicy(PATIENT)
        .maxConcurrencyPerEndpoint(8).build();
    Endpoint fifo = Endpoint.builder(receiver.url("/hooks/fifo")).id("ep_fifo")
        .key(LoopbackReceiver.SECRET).ordered(true).build();

    List<Delivery> deliveries = new ArrayList<>();
    for (int seq = 0; seq < 60; seq++) {
      String body = "{\"key\":\"all\",\"seq\":" + seq + "}";
      deliveries.add(client.send(fifo, WebhookMessage.builder("ledger.entry")
          .body(body.getBytes(StandardCharsets.UTF_8), "application/json").build()));
    }

    await().atMost(Duration.ofSeconds(60)).until(
        () -> deliveries.stream().allMatch(delivery -> delivery.result().isDone()));
    assertThat(arrived).as(name).hasSize(60).isSorted();
  }

  private static double random(Random random) {
    synchronized (random) {
      return random.nextDouble();
    }
  }
}
