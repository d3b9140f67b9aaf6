package dev.hookmesh.spring.internal.management;

import dev.hookmesh.platform.Application;
import dev.hookmesh.platform.ApplicationSpec;
import dev.hookmesh.platform.EventType;
import dev.hookmesh.platform.EventTypeSpec;
import dev.hookmesh.platform.PlatformException;
import dev.hookmesh.platform.PlatformException.Reason;
import dev.hookmesh.platform.WebhookRegistry;
import dev.hookmesh.spring.ManagementAccess;
import dev.hookmesh.spring.internal.management.PlatformOperations.EndpointRequest;
import dev.hookmesh.spring.internal.management.Views.AttemptView;
import dev.hookmesh.spring.internal.management.Views.EndpointView;
import dev.hookmesh.spring.internal.management.Views.MessageDetail;
import dev.hookmesh.spring.internal.management.Views.MessageView;
import dev.hookmesh.spring.internal.management.Views.Page;
import dev.hookmesh.spring.internal.management.Views.SecretView;
import dev.hookmesh.spring.internal.management.Views.StatsView;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The management API: the webhook platform as JSON under {@code hookmesh.management.base-path}.
 * Every route that names an application first asks {@link ManagementAccess} whether the
 * caller may act on it, and answers 404 when not, as if it did not exist; the catalog and
 * creating applications under generated ids need {@link ManagementAccess#administers}.
 * Errors are RFC 9457 problem details ({@link ManagementProblems}).
 */
@RestController
@RequestMapping(path = "${hookmesh.management.base-path:/hookmesh/api}",
    produces = MediaType.APPLICATION_JSON_VALUE)
public final class ManagementController {

  /** The most applications a non-administrator's listing looks through per request. */
  private static final int APPLICATIONS_SCANNED = 5_000;

  /** An application as a request describes it. */
  record ApplicationRequest(@Nullable String id, @Nullable String name,
      @Nullable Integer rateLimit, @Nullable Map<String, String> metadata) {}

  /** An event type as a request describes it; schema and example are JSON. */
  record EventTypeRequest(@Nullable String name, @Nullable String description,
      @Nullable JsonNode schema, @Nullable JsonNode example, @Nullable Boolean deprecated,
      @Nullable Boolean archived) {}

  /** A rotation: how long the old secret keeps signing. */
  record RotateRequest(@Nullable Duration grace) {}

  /** A test event: which type's example to send. */
  record TestRequest(@Nullable String eventType) {}

  private final PlatformOperations operations;
  private final WebhookRegistry registry;
  private final ManagementAccess access;

  /**
   * Creates the controller.
   *
   * @param operations what the routes do
   * @param access who may do it
   */
  public ManagementController(PlatformOperations operations, ManagementAccess access) {
    this.operations = operations;
    this.registry = operations.registry();
    this.access = access;
  }

  // Applications

  @GetMapping("/applications")
  Page<Application> applications(@Nullable Principal principal,
      @RequestParam(required = false) @Nullable String cursor,
      @RequestParam(defaultValue = "50") int limit) {
    Principal caller = authenticated(principal);
    int size = Math.max(1, Math.min(limit, 500));
    boolean admin = access.administers(caller);
    List<Application> shown = new ArrayList<>();
    String after = cursor;
    int scanned = 0;
    while (shown.size() < size && scanned < APPLICATIONS_SCANNED) {
      List<Application> page = registry.applications(after, admin ? size - shown.size() : 500);
      if (page.isEmpty()) {
        return new Page<>(shown, null);
      }
      for (Application application : page) {
        scanned++;
        after = application.id();
        if (admin || access.allows(caller, application.id())) {
          shown.add(application);
          if (shown.size() == size) {
            break;
          }
        }
      }
    }
    return new Page<>(shown, after);
  }

  @PostMapping("/applications")
  ResponseEntity<Application> createApplication(@Nullable Principal principal,
      @RequestBody ApplicationRequest request) {
    Principal caller = authenticated(principal);
    boolean allowed = access.administers(caller)
        || (request.id() != null && access.allows(caller, request.id()));
    if (!allowed) {
      throw forbidden("create applications");
    }
    Application created = registry.createApplication(applicationSpec(request, null));
    return ResponseEntity.created(URI.create("applications/" + created.id())).body(created);
  }

  @GetMapping("/applications/{app}")
  Application application(@Nullable Principal principal, @PathVariable String app) {
    return registry.application(allowed(principal, app));
  }

  @PatchMapping("/applications/{app}")
  Application updateApplication(@Nullable Principal principal, @PathVariable String app,
      @RequestBody ApplicationRequest request) {
    Application old = registry.application(allowed(principal, app));
    return registry.updateApplication(app, applicationSpec(request, old));
  }

  @DeleteMapping("/applications/{app}")
  ResponseEntity<Void> deleteApplication(@Nullable Principal principal,
      @PathVariable String app) {
    registry.deleteApplication(allowed(principal, app));
    return ResponseEntity.noContent().build();
  }

  private static ApplicationSpec applicationSpec(ApplicationRequest request,
      @Nullable Application old) {
    String name = request.name() != null ? request.name() : old != null ? old.name() : null;
    if (name == null) {
      throw new PlatformException(Reason.INVALID, "name is required");
    }
    ApplicationSpec.Builder spec = ApplicationSpec.builder(name);
    if (old != null) {
      spec.id(old.id()).metadata(old.metadata());
      if (old.rateLimit() != null) {
        spec.rateLimit(old.rateLimit());
      }
    } else if (request.id() != null) {
      spec.id(request.id());
    }
    if (request.rateLimit() != null) {
      spec.rateLimit(request.rateLimit());
    }
    if (request.metadata() != null) {
      spec.metadata(request.metadata());
    }
    return spec.build();
  }

  // Endpoints

  @GetMapping("/applications/{app}/endpoints")
  List<EndpointView> endpoints(@Nullable Principal principal, @PathVariable String app) {
    return operations.endpoints(allowed(principal, app));
  }

  @PostMapping("/applications/{app}/endpoints")
  ResponseEntity<SecretView> createEndpoint(@Nullable Principal principal,
      @PathVariable String app, @RequestBody EndpointRequest request) {
    SecretView created = operations.createEndpoint(allowed(principal, app), request);
    return ResponseEntity.created(URI.create(created.endpointId())).body(created);
  }

  @GetMapping("/applications/{app}/endpoints/{endpoint}")
  EndpointView endpoint(@Nullable Principal principal, @PathVariable String app,
      @PathVariable String endpoint) {
    return operations.endpoint(allowed(principal, app), endpoint);
  }

  @PatchMapping("/applications/{app}/endpoints/{endpoint}")
  EndpointView updateEndpoint(@Nullable Principal principal, @PathVariable String app,
      @PathVariable String endpoint, @RequestBody EndpointRequest request) {
    return operations.updateEndpoint(allowed(principal, app), endpoint, request);
  }

  @DeleteMapping("/applications/{app}/endpoints/{endpoint}")
  ResponseEntity<Void> deleteEndpoint(@Nullable Principal principal, @PathVariable String app,
      @PathVariable String endpoint) {
    operations.deleteEndpoint(allowed(principal, app), endpoint);
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/applications/{app}/endpoints/{endpoint}/secret")
  SecretView secret(@Nullable Principal principal, @PathVariable String app,
      @PathVariable String endpoint) {
    return operations.secret(allowed(principal, app), endpoint);
  }

  @PostMapping("/applications/{app}/endpoints/{endpoint}/secret/rotate")
  SecretView rotate(@Nullable Principal principal, @PathVariable String app,
      @PathVariable String endpoint, @RequestBody(required = false) @Nullable RotateRequest body) {
    return operations.rotate(allowed(principal, app), endpoint, body == null ? null : body.grace());
  }

  @PostMapping("/applications/{app}/endpoints/{endpoint}/enable")
  EndpointView enable(@Nullable Principal principal, @PathVariable String app,
      @PathVariable String endpoint) {
    return operations.enable(allowed(principal, app), endpoint);
  }

  @PostMapping("/applications/{app}/endpoints/{endpoint}/recover")
  Map<String, List<String>> recover(@Nullable Principal principal, @PathVariable String app,
      @PathVariable String endpoint,
      @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant since) {
    return Map.of("resent", operations.recover(allowed(principal, app), endpoint, since));
  }

  @PostMapping("/applications/{app}/endpoints/{endpoint}/test")
  ResponseEntity<Map<String, String>> test(@Nullable Principal principal,
      @PathVariable String app, @PathVariable String endpoint,
      @RequestBody TestRequest request) {
    if (request.eventType() == null) {
      throw new PlatformException(Reason.INVALID, "eventType is required");
    }
    String id = operations.sendExample(allowed(principal, app), endpoint, request.eventType());
    return ResponseEntity.accepted().body(Map.of("messageId", id));
  }

  @GetMapping("/applications/{app}/endpoints/{endpoint}/stats")
  List<StatsView> stats(@Nullable Principal principal, @PathVariable String app,
      @PathVariable String endpoint) {
    return operations.stats(allowed(principal, app), endpoint);
  }

  // Messages

  @GetMapping("/applications/{app}/messages")
  Page<MessageView> messages(@Nullable Principal principal, @PathVariable String app,
      @RequestParam(required = false) @Nullable String eventType,
      @RequestParam(required = false) @Nullable String status,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
          @Nullable Instant from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
          @Nullable Instant to,
      @RequestParam(required = false) @Nullable String cursor,
      @RequestParam(defaultValue = "50") int limit) {
    return operations.messages(allowed(principal, app), eventType, status, from, to, cursor,
        limit, false);
  }

  /**
   * Catching up: the application's messages oldest first after the cursor the consumer kept,
   * up to a few seconds ago, so that a message whose transaction was still open cannot land
   * behind a cursor already handed out.
   */
  @GetMapping("/applications/{app}/poll")
  Page<MessageView> poll(@Nullable Principal principal, @PathVariable String app,
      @RequestParam(required = false) @Nullable String after,
      @RequestParam(defaultValue = "100") int limit) {
    return operations.messages(allowed(principal, app), null, null, null,
        operations.settled(), after, limit, true);
  }

  @GetMapping("/applications/{app}/messages/{message}")
  MessageDetail message(@Nullable Principal principal, @PathVariable String app,
      @PathVariable String message) {
    return operations.message(allowed(principal, app), message);
  }

  @GetMapping("/applications/{app}/messages/{message}/attempts")
  List<AttemptView> attempts(@Nullable Principal principal, @PathVariable String app,
      @PathVariable String message) {
    return operations.attempts(allowed(principal, app), message);
  }

  @PostMapping("/applications/{app}/messages/{message}/redeliver")
  ResponseEntity<Map<String, List<String>>> redeliver(@Nullable Principal principal,
      @PathVariable String app, @PathVariable String message) {
    List<String> endpoints = operations.redeliver(allowed(principal, app), message);
    if (endpoints.isEmpty()) {
      throw new PlatformException(Reason.ALREADY_EXISTS, "The message is still being"
          + " delivered; redeliver it once every delivery has finished");
    }
    return ResponseEntity.accepted().body(Map.of("endpoints", endpoints));
  }

  // The event-type catalog

  @GetMapping("/event-types")
  List<EventType> eventTypes(@Nullable Principal principal) {
    authenticated(principal);
    return registry.eventTypes();
  }

  @GetMapping("/event-types/{name}")
  EventType eventType(@Nullable Principal principal, @PathVariable String name) {
    authenticated(principal);
    return registry.eventType(name);
  }

  @PostMapping("/event-types")
  ResponseEntity<EventType> defineEventType(@Nullable Principal principal,
      @RequestBody EventTypeRequest request) {
    administrator(principal);
    if (request.name() == null) {
      throw new PlatformException(Reason.INVALID, "name is required");
    }
    if (registry.findEventType(request.name()).isPresent()) {
      throw new PlatformException(Reason.ALREADY_EXISTS, "The event type is in the catalog"
          + " already; change it with PUT event-types/{name}");
    }
    EventType defined = registry.defineEventType(eventTypeSpec(request.name(), request, null));
    return ResponseEntity.created(URI.create("event-types/" + defined.name())).body(defined);
  }

  @PutMapping("/event-types/{name}")
  EventType redefineEventType(@Nullable Principal principal, @PathVariable String name,
      @RequestBody EventTypeRequest request) {
    administrator(principal);
    EventType old = registry.eventType(name);
    return registry.defineEventType(eventTypeSpec(name, request, old));
  }

  @DeleteMapping("/event-types/{name}")
  ResponseEntity<Void> deleteEventType(@Nullable Principal principal,
      @PathVariable String name) {
    administrator(principal);
    registry.deleteEventType(name);
    return ResponseEntity.noContent().build();
  }

  private static EventTypeSpec eventTypeSpec(String name, EventTypeRequest request,
      @Nullable EventType old) {
    EventTypeSpec.Builder spec = EventTypeSpec.builder(name);
    String description = request.description() != null ? request.description()
        : old != null ? old.description() : null;
    if (description != null) {
      spec.description(description);
    }
    spec.schema(request.schema() != null ? request.schema().toString()
        : old != null ? old.schema() : null);
    spec.example(request.example() != null ? request.example().toString()
        : old != null ? old.example() : null);
    spec.deprecated(request.deprecated() != null ? request.deprecated()
        : old != null && old.deprecated());
    spec.archived(request.archived() != null ? request.archived()
        : old != null && old.archived());
    return spec.build();
  }

  // The API's own description

  @GetMapping("/openapi.json")
  ResponseEntity<String> openApi() throws IOException {
    try (InputStream in = ManagementController.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the starter's jar");
      }
      return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
          .body(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  // Who may

  private static Principal authenticated(@Nullable Principal principal) {
    if (principal == null) {
      throw new ManagementProblems.Unauthenticated();
    }
    return principal;
  }

  /** The application's id if the caller may act on it; NOT_FOUND otherwise, as if absent. */
  private String allowed(@Nullable Principal principal, String applicationId) {
    Principal caller = authenticated(principal);
    if (!access.administers(caller) && !access.allows(caller, applicationId)) {
      throw new PlatformException(Reason.NOT_FOUND,
          "No application " + Views.shownId(applicationId));
    }
    return applicationId;
  }

  private void administrator(@Nullable Principal principal) {
    if (!access.administers(authenticated(principal))) {
      throw forbidden("change the event-type catalog");
    }
  }

  private static ManagementProblems.Forbidden forbidden(String what) {
    return new ManagementProblems.Forbidden("This principal may not " + what
        + "; ManagementAccess.administers decides who may");
  }

  /** The HTTP status a platform refusal maps to. */
  static HttpStatus status(Reason reason) {
    return switch (reason) {
      case NOT_FOUND -> HttpStatus.NOT_FOUND;
      case ALREADY_EXISTS -> HttpStatus.CONFLICT;
      case INVALID, UNKNOWN_EVENT_TYPE, INVALID_PAYLOAD -> HttpStatus.BAD_REQUEST;
    };
  }
}
