package dev.hookmesh.samples.sender;

import dev.hookmesh.WebhookClient;
import dev.hookmesh.delivery.Delivery;
import dev.hookmesh.delivery.EndpointHealth;
import dev.hookmesh.samples.sender.CustomerEndpoints.Registration;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Customers' endpoints: register one (its secret is in the answer, and only there), look at it
 * with its health as the client sees it, enable it again, and resend what failed to it during
 * an outage.
 */
@RestController
@RequestMapping("/endpoints")
class EndpointController {

  record RegisterEndpoint(@Nullable String url) {}

  record EndpointView(String id, String url, Instant createdAt, EndpointHealth health) {}

  record Recovery(String endpointId, Instant since, List<String> resent) {}

  private final CustomerEndpoints endpoints;
  private final WebhookClient webhooks;

  EndpointController(CustomerEndpoints endpoints, WebhookClient webhooks) {
    this.endpoints = endpoints;
    this.webhooks = webhooks;
  }

  @PostMapping
  ResponseEntity<Registration> register(@RequestBody RegisterEndpoint request) {
    if (request.url() == null || request.url().isBlank()) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "url is required");
    }
    Registration registration = endpoints.register(request.url());
    return ResponseEntity.created(URI.create("/endpoints/" + registration.id())).body(registration);
  }

  @GetMapping("/{id}")
  EndpointView show(@PathVariable String id) {
    return endpoints.describe(id)
        .map(endpoint -> new EndpointView(endpoint.id(), endpoint.url(), endpoint.createdAt(),
            webhooks.endpointHealth(id)))
        .orElseThrow(() -> unknown(id));
  }

  /** After the client disabled the endpoint (failing for days) or it answered 410 Gone. */
  @PostMapping("/{id}/enable")
  ResponseEntity<Void> enable(@PathVariable String id) {
    endpoints.describe(id).orElseThrow(() -> unknown(id));
    webhooks.enableEndpoint(id);
    return ResponseEntity.noContent().build();
  }

  /** Sends again every message created since {@code since} whose delivery here failed. */
  @PostMapping("/{id}/recover")
  Recovery recover(@PathVariable String id,
      @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant since) {
    endpoints.describe(id).orElseThrow(() -> unknown(id));
    List<String> resent = webhooks.recover(id, since).stream().map(Delivery::messageId).toList();
    return new Recovery(id, since, resent);
  }

  /** Endpoint URLs are validated when the endpoint is built; the message says what is wrong. */
  @ExceptionHandler(IllegalArgumentException.class)
  ProblemDetail invalidEndpoint(IllegalArgumentException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setTitle("Invalid endpoint");
    return problem;
  }

  private static ResponseStatusException unknown(String id) {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, "No customer endpoint " + id);
  }
}
