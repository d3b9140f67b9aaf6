package dev.hookmesh.samples.quickstart;

import dev.hookmesh.Endpoint;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.WebhookSigner;
import dev.hookmesh.delivery.Delivery;
import dev.hookmesh.delivery.DeliveryResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The demo itself: sends webhooks through the application's {@link WebhookClient} to its own
 * {@link OrderListener}, posts forged and duplicate requests beside them, waits until every
 * delivery has finished, and reports what the receiver made of it all.
 */
@Component
public class Quickstart {

  /** How long the demo waits for every delivery to finish. */
  static final Duration DEADLINE = Duration.ofSeconds(60);
  /** A key the receiver does not know: what an attacker would sign with. */
  static final String FORGER_KEY = "whsec_Zm9yZ2VkIGtleSBmb3IgdGVzdHM=";

  private final WebhookClient client;
  private final OrderListener listener;
  private final Environment environment;
  private final String secret;
  private final HttpClient http = HttpClient.newHttpClient();

  Quickstart(WebhookClient client, OrderListener listener, Environment environment,
      @Value("${hookmesh.receiver.endpoints.orders.secrets[0]}") String secret) {
    this.client = client;
    this.listener = listener;
    this.environment = environment;
    this.secret = secret;
  }

  /**
   * Runs the demo.
   *
   * @param events how many webhooks to send; a fifteenth as many forgeries and duplicates
   * @return what happened
   */
  public QuickstartReport run(int events) {
    long start = System.nanoTime();
    String url = "http://127.0.0.1:" + environment.getRequiredProperty("local.server.port")
        + "/webhooks/orders";
    // Endpoints are runtime data: a customer registered this one, with its own secret.
    Endpoint orders = Endpoint.builder(url).id("ep_orders").key(secret).build();

    List<Delivery> deliveries = new ArrayList<>();
    for (int seq = 1; seq <= events; seq++) {
      deliveries.add(client.send(orders, WebhookMessage.of("order.created",
          Map.of("type", "order.created", "seq", seq, "orderId", "ord_" + seq))));
    }
    List<DeliveryResult> results = awaitAll(deliveries);

    int forgeries = Math.max(1, events / 15);
    int forgeriesRejected = 0;
    for (int i = 0; i < forgeries; i++) {
      if (postForgery(url, i) == 401) {
        forgeriesRejected++;
      }
    }
    int duplicates = Math.min(forgeries, results.size());
    int duplicatesDropped = 0;
    for (int i = 0; i < duplicates; i++) {
      if (replayed(url, results.get(i).messageId())) {
        duplicatesDropped++;
      }
    }

    List<String> ids = deliveries.stream().map(Delivery::messageId).toList();
    return new QuickstartReport(url, events,
        (int) results.stream().filter(DeliveryResult::delivered).count(),
        (int) ids.stream().filter(listener::failedOnPurpose).count(),
        results.stream().mapToInt(result -> result.attempts() - 1).sum(),
        forgeries, forgeriesRejected, duplicates, duplicatesDropped,
        ids.stream().allMatch(id -> listener.handledCount(id) == 1),
        Duration.ofNanos(System.nanoTime() - start));
  }

  private static List<DeliveryResult> awaitAll(List<Delivery> deliveries) {
    CompletableFuture<?>[] futures = deliveries.stream().map(Delivery::result)
        .toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(futures).get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // Reported below: the deliveries that did not finish in time count as not delivered.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return deliveries.stream().map(Delivery::result)
        .filter(result -> result.isDone() && !result.isCompletedExceptionally())
        .map(CompletableFuture::join).toList();
  }

  /** A request signed with a key the receiver does not know. */
  private int postForgery(String url, int i) {
    String body = "{\"type\":\"order.created\",\"seq\":0,\"orderId\":\"forged_" + i + "\"}";
    return post(url, WebhookSigner.builder().key(FORGER_KEY).build()
        .sign(WebhookMessage.newId(), body), body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Sends an already handled message again, correctly signed, as a sender's retry after a lost
   * response would: the receiver acknowledges it without handling it a second time.
   */
  private boolean replayed(String url, String messageId) {
    byte[] body = client.store().message(messageId).orElseThrow().body();
    int status = post(url, WebhookSigner.builder().key(secret).build().sign(messageId, body), body);
    return status >= 200 && status < 300 && listener.handledCount(messageId) == 1;
  }

  private int post(String url, Map<String, String> headers, byte[] body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }
}
