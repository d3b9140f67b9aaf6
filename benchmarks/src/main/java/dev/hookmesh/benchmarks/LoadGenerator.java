package dev.hookmesh.benchmarks;

import dev.hookmesh.WebhookSigner;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A closed-loop HTTP load: a fixed number of workers share one keep-alive OkHttp client, and
 * each sends its next request as soon as the previous one is answered, until a deadline or a
 * request budget runs out. Every request, to any target, is signed on the fly with a fresh
 * message id and the current time, so the generator does the same work for every target and
 * Hookmesh's tolerance and replay checks pass for real.
 */
final class LoadGenerator implements AutoCloseable {

  private static final MediaType JSON = MediaType.get("application/json");

  private final String baseUrl;
  private final int workers;
  private final WebhookSigner signer;
  private final byte[] body;
  private final RequestBody requestBody;
  private final OkHttpClient client;
  private final ExecutorService pool;
  private final AtomicLong messageIds = new AtomicLong();

  LoadGenerator(String baseUrl, int workers, WebhookSigner signer, byte[] body) {
    this.baseUrl = baseUrl;
    this.workers = workers;
    this.signer = signer;
    this.body = body;
    this.requestBody = RequestBody.create(body, JSON);
    // One idle connection per worker, so nobody reconnects between requests.
    this.client = new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(workers, 5, TimeUnit.MINUTES))
        .protocols(List.of(Protocol.HTTP_1_1))
        .retryOnConnectionFailure(false)
        .build();
    this.pool = Executors.newFixedThreadPool(workers, runnable -> {
      Thread thread = new Thread(runnable, "load-worker");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** What one phase measured. */
  record PhaseResult(String target, long succeeded, Map<Integer, Long> failedByStatus,
      long ioErrors, long elapsedNanos, long[] latencyMicros) {

    double requestsPerSecond() {
      return succeeded * 1e9 / elapsedNanos;
    }

    long failed() {
      return ioErrors + failedByStatus.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * Loads one path until the duration has passed or the budget is spent, whichever is first.
   * Requests in flight at the deadline complete and are counted.
   *
   * @param target the name the result carries
   * @param path the path requests are posted to
   */
  PhaseResult run(String target, String path, Duration duration, long maxRequests)
      throws InterruptedException {
    String url = baseUrl + path;
    AtomicLong budget = new AtomicLong(maxRequests);
    CountDownLatch ready = new CountDownLatch(workers);
    CountDownLatch go = new CountDownLatch(1);
    AtomicLong deadline = new AtomicLong(); // set once every worker is ready
    List<Future<Worker>> running = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      running.add(pool.submit(() -> {
        Worker worker = new Worker(url);
        ready.countDown();
        go.await();
        worker.loop(deadline.get(), budget);
        return worker;
      }));
    }
    ready.await();
    long start = System.nanoTime();
    deadline.set(start + duration.toNanos());
    go.countDown();
    List<Worker> finished = new ArrayList<>();
    for (Future<Worker> future : running) {
      try {
        finished.add(future.get());
      } catch (ExecutionException e) {
        throw new IllegalStateException("A load worker failed", e.getCause());
      }
    }
    long elapsed = System.nanoTime() - start;
    long succeeded = 0;
    long ioErrors = 0;
    Map<Integer, Long> failedByStatus = new TreeMap<>();
    long[] latencies = new long[0];
    for (Worker worker : finished) {
      succeeded += worker.succeeded;
      ioErrors += worker.ioErrors;
      worker.failedByStatus.forEach(
          (status, count) -> failedByStatus.merge(status, count, Long::sum));
      int from = latencies.length;
      latencies = Arrays.copyOf(latencies, from + worker.latencyCount);
      System.arraycopy(worker.latencyMicros, 0, latencies, from, worker.latencyCount);
    }
    return new PhaseResult(target, succeeded, failedByStatus, ioErrors, elapsed, latencies);
  }

  /** One worker's loop and tallies; confined to its thread until the phase ends. */
  private final class Worker {
    private final String url;
    private final Map<Integer, Long> failedByStatus = new TreeMap<>();
    private long succeeded;
    private long ioErrors;
    private long[] latencyMicros = new long[4096];
    private int latencyCount;

    Worker(String url) {
      this.url = url;
    }

    void loop(long deadline, AtomicLong budget) {
      while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
        Request.Builder request = new Request.Builder().url(url).post(requestBody);
        signer.sign("msg_" + messageIds.incrementAndGet(), body).forEach(request::header);
        long sent = System.nanoTime();
        try (Response response = client.newCall(request.build()).execute()) {
          response.body().bytes(); // drain, so that the connection is reused
          record((System.nanoTime() - sent) / 1_000);
          if (response.isSuccessful()) {
            succeeded++;
          } else {
            failedByStatus.merge(response.code(), 1L, Long::sum);
          }
        } catch (IOException e) {
          ioErrors++;
        }
      }
    }

    private void record(long micros) {
      if (latencyCount == latencyMicros.length) {
        latencyMicros = Arrays.copyOf(latencyMicros, latencyCount * 2);
      }
      latencyMicros[latencyCount++] = micros;
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
