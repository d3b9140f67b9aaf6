package dev.hookmesh.benchmarks;

import dev.hookmesh.delivery.Delivery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Deliveries per second to a fast loopback receiver: Hookmesh's {@code WebhookClient} (store,
 * lanes, signing at attempt time, SSRF guard) against a bare OkHttp loop posting the same
 * signed bodies with the same concurrency, which is the limit for this transport. Each
 * operation is one delivery; an invocation sends {@value #BATCH} and waits for all of them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DeliveryThroughputBenchmark extends SenderPair {

  static final int BATCH = 1_000;

  /** Attempts in flight at once, on both sides. */
  @Param({"8"})
  public int concurrency;

  @Override
  protected int concurrency() {
    return concurrency;
  }

  /**
   * Hookmesh: {@value #BATCH} sends, then waits for every result.
   *
   * @return the last result, so nothing is optimised away
   * @throws Exception if a delivery fails
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Object hookmesh() throws Exception {
    List<CompletableFuture<?>> results = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      Delivery delivery = client.send(endpoint, Senders.message());
      results.add(delivery.result());
    }
    CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    return results.get(BATCH - 1).get();
  }

  /**
   * Bare OkHttp: {@value #BATCH} signed posts through the async dispatcher, then waits.
   *
   * @return the number of 2xx answers
   * @throws Exception if the wait times out
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Object bareOkHttp() throws Exception {
    List<CompletableFuture<Integer>> results = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      CompletableFuture<Integer> result = new CompletableFuture<>();
      okHttp.newCall(Senders.signedRequest(receiver.url(), signer)).enqueue(new Callback() {
        @Override
        public void onResponse(Call call, Response response) {
          try (response) {
            result.complete(response.code());
          }
        }

        @Override
        public void onFailure(Call call, IOException e) {
          result.completeExceptionally(e);
        }
      });
      results.add(result);
    }
    CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    return results.stream().filter(r -> r.join() / 100 == 2).count();
  }
}
