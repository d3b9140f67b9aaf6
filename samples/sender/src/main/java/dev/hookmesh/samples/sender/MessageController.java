package dev.hookmesh.samples.sender;

import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.delivery.Delivery;
import dev.hookmesh.delivery.DeliveryAttempt;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The delivery record over REST: a message with every attempt made to deliver it, which is what
 * a provider's dashboard shows a customer asking "did you send it?", and redelivery.
 */
@RestController
@RequestMapping("/messages")
class MessageController {

  /** How much of a response body is shown; the store keeps up to 4 KiB. */
  static final int SHOWN_RESPONSE_CHARS = 200;

  record MessageView(String id, String eventType, Instant createdAt, Object payload,
      List<AttemptView> attempts) {}

  /**
   * One attempt.
   *
   * @param status the response status, or {@code null} when no response came (see error)
   */
  record AttemptView(String endpointId, int attempt, Instant startedAt, @Nullable Integer status,
      long durationMs, @Nullable String error, String responseBody) {

    static AttemptView of(DeliveryAttempt attempt) {
      String body = attempt.responseBody();
      return new AttemptView(attempt.endpointId(), attempt.attempt(), attempt.startedAt(),
          attempt.statusCode().isPresent() ? attempt.statusCode().getAsInt() : null,
          attempt.duration().toMillis(), attempt.error(),
          body.length() > SHOWN_RESPONSE_CHARS ? body.substring(0, SHOWN_RESPONSE_CHARS) + "…" : body);
    }
  }

  record Redelivery(String messageId, List<String> endpointIds) {}

  private final WebhookClient webhooks;
  private final JsonMapper json;

  MessageController(WebhookClient webhooks, JsonMapper json) {
    this.webhooks = webhooks;
    this.json = json;
  }

  @GetMapping("/{id}")
  MessageView show(@PathVariable String id) {
    WebhookMessage message = webhooks.store().message(id).orElseThrow(() -> unknown(id));
    List<AttemptView> attempts =
        webhooks.store().attempts(id).stream().map(AttemptView::of).toList();
    return new MessageView(message.id(), message.eventType(), message.createdAt(),
        payload(message), attempts);
  }

  /** Sends the message again to every endpoint whose delivery of it has finished. */
  @PostMapping("/{id}/redeliver")
  ResponseEntity<Redelivery> redeliver(@PathVariable String id) {
    webhooks.store().message(id).orElseThrow(() -> unknown(id));
    List<String> endpointIds =
        webhooks.redeliver(id).stream().map(Delivery::endpointId).toList();
    if (endpointIds.isEmpty()) {
      throw new ResponseStatusException(HttpStatus.CONFLICT,
          "Message " + id + " is still being delivered; redeliver it once it has finished");
    }
    return ResponseEntity.accepted().body(new Redelivery(id, endpointIds));
  }

  /** The body as JSON when it is JSON, so the answer nests it instead of quoting it. */
  private Object payload(WebhookMessage message) {
    if (message.contentType().startsWith("application/json")) {
      return json.readTree(message.body());
    }
    return new String(message.body(), StandardCharsets.UTF_8);
  }

  private static ResponseStatusException unknown(String id) {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, "No message " + id);
  }
}
