package dev.hookmesh.benchmarks;

import java.util.concurrent.TimeUnit;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Latency of one delivery, send to final result, with nothing else in flight: Hookmesh's
 * {@code send(...).result().get()} against one bare OkHttp {@code execute()} of the same
 * signed request. The difference of the percentiles ({@code SampleTime} reports p50, p90, p99)
 * is what Hookmesh adds per delivery: storing, the hand-off to the delivery loop, signing,
 * the attempt log and completing the future.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DeliveryLatencyBenchmark extends SenderPair {

  @Override
  protected int concurrency() {
    return 1;
  }

  /**
   * One Hookmesh delivery, awaited.
   *
   * @return the result
   * @throws Exception if it fails
   */
  @Benchmark
  public Object hookmesh() throws Exception {
    return client.send(endpoint, Senders.message()).result().get(10, TimeUnit.SECONDS);
  }

  /**
   * One bare OkHttp post of the same signed body.
   *
   * @return the status
   * @throws Exception if it fails
   */
  @Benchmark
  public int bareOkHttp() throws Exception {
    try (Response response = okHttp.newCall(Senders.signedRequest(receiver.url(), signer)).execute()) {
      return response.code();
    }
  }
}
