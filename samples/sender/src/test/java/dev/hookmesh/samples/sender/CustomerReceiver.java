package dev.hookmesh.samples.sender;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A customer's webhook endpoint on the loopback interface: records every request and answers
 * 204, or the statuses queued with {@link #answer}.
 */
final class CustomerReceiver implements AutoCloseable {

  record Request(Map<String, List<String>> headers, byte[] body) {}

  private final HttpServer server;
  private final Queue<Integer> statuses = new ConcurrentLinkedQueue<>();
  private final List<Request> received = new CopyOnWriteArrayList<>();

  private CustomerReceiver(HttpServer server) {
    this.server = server;
  }

  static CustomerReceiver start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    CustomerReceiver receiver = new CustomerReceiver(server);
    server.createContext("/webhooks", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        receiver.received.add(
            new Request(new HashMap<>(exchange.getRequestHeaders()), in.readAllBytes()));
      }
      Integer status = receiver.statuses.poll();
      exchange.sendResponseHeaders(status == null ? 204 : status, -1);
      exchange.close();
    });
    server.start();
    return receiver;
  }

  /** Queues the statuses of the next requests, in order; 204 after them. */
  CustomerReceiver answer(Integer... statuses) {
    this.statuses.addAll(List.of(statuses));
    return this;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks";
  }

  List<Request> received() {
    return received;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
