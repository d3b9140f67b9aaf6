package dev.hookmesh.benchmarks;

import dev.hookmesh.Endpoint;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookSigner;
import dev.hookmesh.delivery.InMemoryDeliveryStore;
import okhttp3.OkHttpClient;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The state both comparisons share: one fast receiver, a Hookmesh client and a bare OkHttp
 * client posting to it with the same concurrency, and the signer for the bare side.
 */
public abstract class SenderPair {

  FastReceiver receiver;
  WebhookClient client;
  Endpoint endpoint;
  OkHttpClient okHttp;
  WebhookSigner signer;

  /**
   * How many attempts each side may have in flight.
   *
   * @return at least 1
   */
  protected abstract int concurrency();

  /** Starts the receiver and both senders. */
  @Setup(Level.Trial)
  public void start() {
    receiver = new FastReceiver(Math.max(4, concurrency()));
    client = Senders.hookmesh(concurrency());
    endpoint = Senders.endpoint(receiver);
    okHttp = Senders.bareOkHttp(concurrency());
    signer = Senders.signer();
  }

  /** Forgets delivered messages so the store does not grow across iterations. */
  @TearDown(Level.Iteration)
  public void purge() {
    ((InMemoryDeliveryStore) client.store()).purgeFinished();
  }

  /** Stops everything. */
  @TearDown(Level.Trial)
  public void stop() {
    client.close();
    Senders.shutDown(okHttp);
    receiver.close();
  }
}
