package dev.hookmesh.benchmarks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * The receiver both sides of a comparison post to: the JDK's HTTP server on 127.0.0.1,
 * reading each body and answering 204. Lighter than MockWebServer, which records every
 * request, so it measures the sender rather than the receiver.
 */
final class FastReceiver implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService threads;
  private final LongAdder received = new LongAdder();

  FastReceiver(int threadCount) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 512);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    threads = Executors.newFixedThreadPool(threadCount);
    server.setExecutor(threads);
    server.createContext("/", exchange -> {
      try (InputStream body = exchange.getRequestBody()) {
        body.readAllBytes();
      }
      received.increment();
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** Requests answered so far. */
  long received() {
    return received.sum();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
