package dev.hookmesh.spring.it;

import dev.hookmesh.HeaderLookup;
import dev.hookmesh.WebhookEvent;
import dev.hookmesh.spring.WebhookEventType;
import dev.hookmesh.spring.WebhookHeader;
import dev.hookmesh.spring.WebhookListener;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** The application the HTTP tests receive webhooks with; every listener records its calls. */
@SpringBootApplication
public class ReceiverTestApplication {

  /** What the listeners saw, in call order. */
  @Component
  public static class Calls {
    final List<String> seen = new CopyOnWriteArrayList<>();

    void add(String call) {
      seen.add(call);
    }

    /** The calls that mention a marker, such as a message id unique to one test. */
    public List<String> mentioning(String marker) {
      return seen.stream().filter(call -> call.contains(marker)).toList();
    }
  }

  /** A payload bound by the application's JsonMapper. */
  public record Invoice(String type, String id, long amount) {}

  @Component
  static class BillingListeners {
    private final Calls calls;
    private final AtomicInteger flaky = new AtomicInteger();
    private final Set<String> failedOrders = ConcurrentHashMap.newKeySet();

    BillingListeners(Calls calls) {
      this.calls = calls;
    }

    @WebhookListener(endpoint = "billing", events = "invoice.*")
    void invoice(Invoice invoice, WebhookEvent event) {
      calls.add("invoice " + invoice.id() + " " + invoice.amount() + " key" + event.keyIndex());
    }

    @Order(1)
    @WebhookListener(endpoint = "billing", events = "invoice.paid")
    void firstForPaid(WebhookEvent event, JsonNode json) {
      calls.add("first " + json.get("id").asString());
    }

    @WebhookListener(endpoint = "billing", events = "customer.*")
    void customer(@WebhookEventType String type, JsonNode json) {
      calls.add("customer " + type + " " + json.get("id").asString());
    }

    @WebhookListener(endpoint = "billing", events = "raw.*")
    void raw(@WebhookHeader("webhook-id") String id, byte[] bytes, String text,
        HeaderLookup headers, @WebhookHeader("X-Extra") List<String> extra) {
      calls.add("raw " + id + " " + bytes.length + " " + text.length() + " "
          + headers.values("webhook-timestamp").size() + " " + extra);
    }

    @WebhookListener(endpoint = "billing", events = "boom")
    void boom(JsonNode json) {
      calls.add("boom " + json.get("id").asString());
      throw new IllegalStateException("listener failure that must not leak");
    }

    @WebhookListener(endpoint = "billing", events = "flaky")
    void flaky(JsonNode json) {
      calls.add("flaky " + json.get("id").asString());
      if (flaky.incrementAndGet() == 1) {
        throw new IllegalStateException("first attempt fails");
      }
    }

    /** For the sender test: an order whose payload asks for it fails on its first call. */
    @WebhookListener(endpoint = "billing", events = "order.*")
    void order(JsonNode order, WebhookEvent event) {
      calls.add("order " + order.get("id").asString() + " " + event.id());
      if (order.path("failFirst").asBoolean() && failedOrders.add(event.id())) {
        throw new IllegalStateException("first call for this order fails");
      }
    }

    @WebhookListener(endpoint = "small")
    void small(String text) {
      calls.add("small " + text);
    }
  }

  @Component
  static class ProviderListeners {
    private final Calls calls;

    ProviderListeners(Calls calls) {
      this.calls = calls;
    }

    @WebhookListener(endpoint = "github", events = "push")
    void push(@WebhookHeader("X-GitHub-Delivery") String delivery, String body) {
      calls.add("github " + delivery + " " + body);
    }

    @WebhookListener(endpoint = "stripe", events = "payment_intent.*")
    void stripe(JsonNode event) {
      calls.add("stripe " + event.get("id").asString());
    }

    @WebhookListener(endpoint = "slack", events = "app_mention")
    void slack(JsonNode callback) {
      calls.add("slack " + callback.get("event_id").asString());
    }

    @WebhookListener(endpoint = "shopify", events = "orders/create")
    void shopify(@WebhookHeader("X-Shopify-Webhook-Id") String id) {
      calls.add("shopify " + id);
    }

    @WebhookListener(endpoint = "ed25519")
    void signedWithEd25519(WebhookEvent event) {
      calls.add("ed25519 " + event.id());
    }
  }
}
