package dev.hookmesh.delivery;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A handle on one delivery started by {@code WebhookClient.send}: the message is stored and
 * will be attempted in the background.
 *
 * <pre>{@code
 * Delivery delivery = client.send(endpoint, message);          // returns at once
 * DeliveryResult result = delivery.result().get(1, TimeUnit.MINUTES);
 * }</pre>
 */
public final class Delivery {

  private final String messageId;
  private final String endpointId;
  private final CompletableFuture<DeliveryResult> result;

  /**
   * Creates a handle; clients do this.
   *
   * @param messageId the message's id
   * @param endpointId the endpoint's id
   * @param result completes with the final outcome
   */
  public Delivery(String messageId, String endpointId, CompletableFuture<DeliveryResult> result) {
    this.messageId = Objects.requireNonNull(messageId, "messageId");
    this.endpointId = Objects.requireNonNull(endpointId, "endpointId");
    this.result = Objects.requireNonNull(result, "result");
  }

  /**
   * The message's id.
   *
   * @return the id
   */
  public String messageId() {
    return messageId;
  }

  /**
   * The endpoint's id.
   *
   * @return the id
   */
  public String endpointId() {
    return endpointId;
  }

  /**
   * Completes with the final outcome: delivered, exhausted, endpoint gone, endpoint disabled or
   * refused. With the retry policy's own delays this can take days. It completes exceptionally
   * with an {@link IllegalStateException} if the client is closed first; the delivery then
   * stays pending in the store. Completing or cancelling it has no effect on the delivery.
   * Only the client that finishes the delivery completes it: when several clients or
   * instances share one store and another one finishes it, read the outcome from the store's
   * attempt log instead.
   *
   * @return a future of the result, a copy per call
   */
  public CompletableFuture<DeliveryResult> result() {
    return result.copy();
  }

  @Override
  public String toString() {
    return "Delivery[messageId=" + messageId + ", endpointId=" + endpointId + ", done="
        + result.isDone() + "]";
  }
}
