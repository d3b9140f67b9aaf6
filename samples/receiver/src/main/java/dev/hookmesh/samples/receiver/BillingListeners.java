package dev.hookmesh.samples.receiver;

import dev.hookmesh.WebhookEvent;
import dev.hookmesh.spring.WebhookListener;
import org.springframework.stereotype.Component;

/** Handles the billing provider's Standard Webhooks events. */
@Component
class BillingListeners {

  record Invoice(String id, long amount, String currency) {}

  record InvoiceEvent(String type, Invoice data) {}

  private final ReceivedEvents received;

  BillingListeners(ReceivedEvents received) {
    this.received = received;
  }

  @WebhookListener(endpoint = "billing", events = "invoice.paid")
  void onInvoicePaid(InvoiceEvent event, WebhookEvent webhook) {
    // Called once per message id: a redelivery of webhook.id() is acknowledged, not repeated.
    received.add("invoice.paid " + event.data().id() + " " + event.data().amount());
  }

  @WebhookListener(endpoint = "billing", events = "customer.*")
  void onCustomerEvent(InvoiceEvent event) {
    received.add(event.type());
  }
}
