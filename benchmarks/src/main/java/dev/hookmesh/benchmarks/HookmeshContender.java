package dev.hookmesh.benchmarks;

import dev.hookmesh.Endpoint;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.jdbc.JdbcDeliveryStore;
import dev.hookmesh.jdbc.JdbcSchema;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Hookmesh in {@link OutboxComparison}, set up as {@link DurableDeliveryThroughput} sets it up:
 * a {@link JdbcDeliveryStore} on the pool, written through {@code store.enqueue} for the enqueue
 * phase and through {@link WebhookClient#send} of a client on that store for the others.
 */
final class HookmeshContender implements Contender {

  private final Endpoint endpoint;
  private final int concurrency;

  HookmeshContender(Endpoint endpoint, int concurrency) {
    this.endpoint = endpoint;
    this.concurrency = concurrency;
  }

  @Override
  public String name() {
    return "hookmesh";
  }

  @Override
  public String settings() {
    return "JdbcDeliveryStore (defaults), WebhookClient with Senders.hookmeshBuilder("
        + concurrency + "): maxConcurrency " + concurrency + ", circuit breaker off";
  }

  @Override
  public void createSchema(DataSource database) {
    JdbcSchema.create(database);
  }

  @Override
  public Outbox writer(DataSource pool) {
    JdbcDeliveryStore store = JdbcDeliveryStore.builder(pool).build();
    return new Outbox() {
      @Override
      public void send() {
        store.enqueue(Senders.message(), endpoint.id(), Instant.now());
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public Outbox deliverer(DataSource pool) {
    WebhookClient client = Senders.hookmeshBuilder(concurrency)
        .store(JdbcDeliveryStore.builder(pool).build())
        .endpointResolver(id -> Optional.of(endpoint).filter(found -> found.id().equals(id)))
        .build();
    return new Outbox() {
      @Override
      public void send() {
        client.send(endpoint, Senders.message());
      }

      @Override
      public void close() {
        client.close();
      }
    };
  }

  @Override
  public long pending(DataSource database) {
    return JdbcDeliveryStore.builder(database).build().pendingCount();
  }
}
