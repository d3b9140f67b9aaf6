package dev.hookmesh.samples.sender;

import dev.hookmesh.delivery.Delivery;
import dev.hookmesh.delivery.EndpointHealth;
import dev.hookmesh.platform.Application;
import dev.hookmesh.platform.ApplicationSpec;
import dev.hookmesh.platform.CreatedEndpoint;
import dev.hookmesh.platform.EndpointRegistration;
import dev.hookmesh.platform.EndpointSpec;
import dev.hookmesh.platform.PlatformException;
import dev.hookmesh.platform.WebhookPublisher;
import dev.hookmesh.platform.WebhookRegistry;
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

/**
 * Customers and their endpoints, kept by Hookmesh's {@link WebhookRegistry}: add a customer,
 * register an endpoint (its secret is in the answer, and only there), look at it with its
 * health, enable it again, rotate its secret, and resend what failed to it during an outage.
 */
@RestController
@RequestMapping("/customers")
class CustomerController {

  record AddCustomer(@Nullable String id, @Nullable String name) {}

  record RegisterEndpoint(@Nullable String url, @Nullable List<String> eventTypes) {}

  record Registered(String id, String url, String secret) {}

  record EndpointView(EndpointRegistration registration, EndpointHealth health) {}

  record Rotated(String id, String secret, Instant oldSecretSignsUntil) {}

  record Recovery(String endpointId, Instant since, List<String> resent) {}

  private final WebhookRegistry registry;
  private final WebhookPublisher publisher;

  CustomerController(WebhookRegistry registry, WebhookPublisher publisher) {
    this.registry = registry;
    this.publisher = publisher;
  }

  @PostMapping
  ResponseEntity<Application> add(@RequestBody AddCustomer request) {
    ApplicationSpec.Builder spec = ApplicationSpec.builder(
        request.name() == null ? "Unnamed customer" : request.name());
    if (request.id() != null) {
      spec.id(request.id());
    }
    Application customer = registry.createApplication(spec.build());
    return ResponseEntity.created(URI.create("/customers/" + customer.id())).body(customer);
  }

  @PostMapping("/{customer}/endpoints")
  ResponseEntity<Registered> register(@PathVariable String customer,
      @RequestBody RegisterEndpoint request) {
    if (request.url() == null || request.url().isBlank()) {
      throw new PlatformException(PlatformException.Reason.INVALID, "url is required");
    }
    EndpointSpec.Builder spec = EndpointSpec.builder(request.url());
    if (request.eventTypes() != null) {
      spec.eventTypes(request.eventTypes());
    }
    CreatedEndpoint created = registry.createEndpoint(customer, spec.build());
    String id = created.registration().id();
    return ResponseEntity.created(URI.create("/customers/" + customer + "/endpoints/" + id))
        .body(new Registered(id, created.registration().shownUrl(), created.secret()));
  }

  @GetMapping("/{customer}/endpoints/{id}")
  EndpointView show(@PathVariable String customer, @PathVariable String id) {
    return new EndpointView(registry.endpoint(customer, id),
        publisher.endpointHealth(customer, id));
  }

  /** After the client disabled the endpoint (failing for days) or it answered 410 Gone. */
  @PostMapping("/{customer}/endpoints/{id}/enable")
  EndpointRegistration enable(@PathVariable String customer, @PathVariable String id) {
    return publisher.enableEndpoint(customer, id);
  }

  /** A new secret at once; the old one keeps signing beside it for a day. */
  @PostMapping("/{customer}/endpoints/{id}/rotate")
  Rotated rotate(@PathVariable String customer, @PathVariable String id) {
    String secret = registry.rotateSecret(customer, id, WebhookRegistry.DEFAULT_ROTATION_GRACE);
    return new Rotated(id, secret, registry.endpoint(customer, id).previousSecretExpiresAt());
  }

  /** Sends again every message created since {@code since} whose delivery here failed. */
  @PostMapping("/{customer}/endpoints/{id}/recover")
  Recovery recover(@PathVariable String customer, @PathVariable String id,
      @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant since) {
    registry.endpoint(customer, id);
    List<String> resent = publisher.recover(customer, id, since).stream()
        .map(Delivery::messageId).toList();
    return new Recovery(id, since, resent);
  }

  /** Unknown ids are 404, bad input 400 and duplicates 409, each saying what is wrong. */
  @ExceptionHandler(PlatformException.class)
  ProblemDetail refused(PlatformException e) {
    HttpStatus status = switch (e.reason()) {
      case NOT_FOUND -> HttpStatus.NOT_FOUND;
      case ALREADY_EXISTS -> HttpStatus.CONFLICT;
      default -> HttpStatus.BAD_REQUEST;
    };
    return ProblemDetail.forStatusAndDetail(status, e.getMessage());
  }
}
