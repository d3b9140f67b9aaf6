package dev.hookmesh.spring.internal;

import dev.hookmesh.inbox.InboxEvent;
import dev.hookmesh.inbox.InboxHandler;
import dev.hookmesh.spring.WebhookEndpoint;
import dev.hookmesh.spring.WebhookEndpoints;

/**
 * The inbox's handler in a Spring application: an event runs the {@code @WebhookListener}
 * methods of the endpoint that received it, as they would have run inline.
 */
public final class InboxProcessor implements InboxHandler {

  private final WebhookEndpoints endpoints;
  private final WebhookDispatcher dispatcher;

  /**
   * Creates the handler.
   *
   * @param endpoints the configured endpoints
   * @param dispatcher runs an endpoint's listeners
   */
  public InboxProcessor(WebhookEndpoints endpoints, WebhookDispatcher dispatcher) {
    this.endpoints = endpoints;
    this.dispatcher = dispatcher;
  }

  @Override
  public void handle(InboxEvent event) throws Exception {
    WebhookEndpoint endpoint = endpoints.get(event.endpoint());
    if (endpoint == null) {
      throw new NotProcessableException("The endpoint '" + event.endpoint() + "' is no longer"
          + " configured; configure it again and redrive the event", null);
    }
    try {
      dispatcher.process(endpoint, event);
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "InboxProcessor" + endpoints;
  }
}
