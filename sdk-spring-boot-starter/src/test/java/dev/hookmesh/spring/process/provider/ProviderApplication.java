package dev.hookmesh.spring.process.provider;

import dev.hookmesh.Endpoint;
import dev.hookmesh.EndpointResolver;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.spring.process.consumer.ConsumerApplication;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A providing application in a JVM of its own: it places orders {@code 1..provider.orders} at
 * a steady pace, each in one transaction that inserts the order and sends its webhook through
 * the transactional outbox, and the sender delivers them to the consumer. Started again after a
 * crash, it places only the orders that are not there yet, and the sender finishes the
 * deliveries the crashed process left.
 */
@SpringBootApplication
public class ProviderApplication {

  public static void main(String[] args) {
    SpringApplication.run(ProviderApplication.class, args);
  }

  /** The arguments that make this application a provider on a database, sending to a URL. */
  public static String[] arguments(String jdbcUrl, String consumerUrl, int orders) {
    return new String[] {
        "--server.port=0",
        "--server.address=127.0.0.1",
        "--spring.main.banner-mode=off",
        "--spring.datasource.url=" + jdbcUrl,
        "--hookmesh.jdbc.initialize-schema=always",
        "--hookmesh.sender.store=jdbc",
        "--hookmesh.sender.lease=3s",
        "--hookmesh.sender.poll-interval=200ms",
        "--hookmesh.sender.ssrf.allow=127.0.0.1/32",
        "--hookmesh.sender.retry.policy=exponential",
        "--hookmesh.sender.retry.initial=50ms",
        "--hookmesh.sender.retry.max-delay=500ms",
        "--hookmesh.sender.retry.max-attempts=1000",
        "--hookmesh.sender.retry.max-elapsed=10m",
        // The consumer is away for seconds, not minutes: probe it again soon.
        "--hookmesh.sender.circuit-breaker.open-duration=1s",
        "--provider.consumer-url=" + consumerUrl,
        "--provider.orders=" + orders};
  }

  /** The consumer, found by id, also by deliveries a crashed process left. */
  @Bean
  EndpointResolver consumerEndpoint(@Value("${provider.consumer-url}") String url) {
    Endpoint consumer = Endpoint.builder(url).id("consumer").key(ConsumerApplication.SECRET)
        .build();
    return id -> Optional.of(consumer).filter(endpoint -> endpoint.id().equals(id));
  }

  @Component
  static class Orders implements ApplicationRunner {
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final WebhookClient client;
    private final EndpointResolver endpoints;
    private final int orders;
    private final AtomicInteger next = new AtomicInteger(1);
    private final ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();

    Orders(JdbcTemplate jdbc, TransactionTemplate transactions, WebhookClient client,
        EndpointResolver endpoints, @Value("${provider.orders}") int orders) {
      this.jdbc = jdbc;
      this.transactions = transactions;
      this.client = client;
      this.endpoints = endpoints;
      this.orders = orders;
    }

    @Override
    public void run(ApplicationArguments args) {
      jdbc.execute("CREATE TABLE IF NOT EXISTS provider_orders (id INTEGER PRIMARY KEY)");
      // Orders are placed one after another: after a crash, every one up to the last is there.
      Integer last = jdbc.queryForObject("SELECT MAX(id) FROM provider_orders", Integer.class);
      next.set(last == null ? 1 : last + 1);
      // About 100 orders a second: slow enough that both processes die mid-run.
      pace.scheduleAtFixedRate(this::placeSome, 0, 10, TimeUnit.MILLISECONDS);
    }

    private void placeSome() {
      int order = next.getAndIncrement();
      if (order > orders) {
        pace.shutdown();
        return;
      }
      Endpoint consumer = endpoints.find("consumer").orElseThrow();
      transactions.executeWithoutResult(status -> {
        if (jdbc.update("INSERT INTO provider_orders (id) VALUES (?) ON CONFLICT DO NOTHING",
            order) == 1) {
          client.send(consumer, WebhookMessage.builder("order.created").id("order-" + order)
              .payload(Map.of("type", "order.created", "id", "order-" + order)).build());
        }
      });
    }
  }
}
