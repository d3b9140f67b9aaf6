package dev.hookmesh.spring.internal.management;

import dev.hookmesh.platform.EventType;
import dev.hookmesh.platform.PlatformException.Reason;
import dev.hookmesh.platform.PlatformException;
import dev.hookmesh.spring.WebhookPortal.Session;
import dev.hookmesh.spring.WebhookPortal;
import dev.hookmesh.spring.internal.management.PlatformOperations.EndpointRequest;
import dev.hookmesh.spring.internal.management.Views.AttemptView;
import dev.hookmesh.spring.internal.management.Views.EndpointView;
import dev.hookmesh.spring.internal.management.Views.MessageDetail;
import dev.hookmesh.spring.internal.management.Views.MessageView;
import dev.hookmesh.spring.internal.management.Views.Page;
import dev.hookmesh.spring.internal.management.Views.SecretView;
import dev.hookmesh.spring.internal.management.Views.StatsView;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The JSON the customer portal's page calls, scoped to the one application its session cookie
 * names: the customer never names an application, so there is none of another's to reach.
 * Every change needs the session's CSRF token in {@code X-Hookmesh-Csrf}, which only a page of
 * the portal's own origin can read from {@code session}.
 */
@RestController
@RequestMapping(path = "${hookmesh.portal.path:/hookmesh/portal}/api",
    produces = MediaType.APPLICATION_JSON_VALUE)
public final class PortalApiController {

  /** The session cookie's name. */
  public static final String COOKIE = "hookmesh_portal";
  /** The header that carries the CSRF token on changes. */
  public static final String CSRF_HEADER = "X-Hookmesh-Csrf";

  record SessionView(String applicationId, String applicationName, String csrfToken,
      String expiresAt) {}

  record RotateRequest(@Nullable Long graceHours) {}

  record TestRequest(@Nullable String eventType) {}

  private final PlatformOperations operations;
  private final WebhookPortal portal;

  /**
   * Creates the controller.
   *
   * @param operations what the routes do
   * @param portal verifies sessions
   */
  public PortalApiController(PlatformOperations operations, WebhookPortal portal) {
    this.operations = operations;
    this.portal = portal;
  }

  @GetMapping("/session")
  ResponseEntity<SessionView> session(HttpServletRequest request) {
    Session session = session(request, false);
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new SessionView(
        session.applicationId(),
        operations.registry().application(session.applicationId()).name(),
        session.csrfToken(), session.expiresAt().toString()));
  }

  @GetMapping("/event-types")
  List<EventType> eventTypes(HttpServletRequest request) {
    session(request, false);
    return operations.registry().eventTypes().stream().filter(type -> !type.archived())
        .toList();
  }

  @GetMapping("/endpoints")
  List<EndpointView> endpoints(HttpServletRequest request) {
    return operations.endpoints(app(request, false));
  }

  @PostMapping("/endpoints")
  SecretView createEndpoint(HttpServletRequest request, @RequestBody EndpointRequest body) {
    return operations.createEndpoint(app(request, true), body);
  }

  @GetMapping("/endpoints/{endpoint}")
  EndpointView endpoint(HttpServletRequest request, @PathVariable String endpoint) {
    return operations.endpoint(app(request, false), endpoint);
  }

  @PatchMapping("/endpoints/{endpoint}")
  EndpointView updateEndpoint(HttpServletRequest request, @PathVariable String endpoint,
      @RequestBody EndpointRequest body) {
    return operations.updateEndpoint(app(request, true), endpoint, body);
  }

  @DeleteMapping("/endpoints/{endpoint}")
  ResponseEntity<Void> deleteEndpoint(HttpServletRequest request,
      @PathVariable String endpoint) {
    operations.deleteEndpoint(app(request, true), endpoint);
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/endpoints/{endpoint}/secret")
  ResponseEntity<SecretView> secret(HttpServletRequest request, @PathVariable String endpoint) {
    return ResponseEntity.ok().cacheControl(CacheControl.noStore())
        .body(operations.secret(app(request, false), endpoint));
  }

  @PostMapping("/endpoints/{endpoint}/rotate")
  SecretView rotate(HttpServletRequest request, @PathVariable String endpoint,
      @RequestBody(required = false) @Nullable RotateRequest body) {
    Duration grace = body == null || body.graceHours() == null ? null
        : Duration.ofHours(body.graceHours());
    return operations.rotate(app(request, true), endpoint, grace);
  }

  @PostMapping("/endpoints/{endpoint}/enable")
  EndpointView enable(HttpServletRequest request, @PathVariable String endpoint) {
    return operations.enable(app(request, true), endpoint);
  }

  @PostMapping("/endpoints/{endpoint}/test")
  Map<String, String> test(HttpServletRequest request, @PathVariable String endpoint,
      @RequestBody TestRequest body) {
    if (body.eventType() == null) {
      throw new PlatformException(Reason.INVALID, "Pick an event type to send");
    }
    return Map.of("messageId",
        operations.sendExample(app(request, true), endpoint, body.eventType()));
  }

  @GetMapping("/endpoints/{endpoint}/stats")
  List<StatsView> stats(HttpServletRequest request, @PathVariable String endpoint) {
    return operations.stats(app(request, false), endpoint);
  }

  @GetMapping("/messages")
  Page<MessageView> messages(HttpServletRequest request,
      @RequestParam(required = false) @Nullable String eventType,
      @RequestParam(required = false) @Nullable String status,
      @RequestParam(required = false) @Nullable String cursor,
      @RequestParam(defaultValue = "25") int limit) {
    return operations.messages(app(request, false), eventType, status, null, null, cursor,
        limit, false);
  }

  @GetMapping("/messages/{message}")
  MessageDetail message(HttpServletRequest request, @PathVariable String message) {
    return operations.message(app(request, false), message);
  }

  @GetMapping("/messages/{message}/attempts")
  List<AttemptView> attempts(HttpServletRequest request, @PathVariable String message) {
    return operations.attempts(app(request, false), message);
  }

  @PostMapping("/messages/{message}/redeliver")
  Map<String, List<String>> redeliver(HttpServletRequest request,
      @PathVariable String message) {
    List<String> endpoints = operations.redeliver(app(request, true), message);
    if (endpoints.isEmpty()) {
      throw new PlatformException(Reason.ALREADY_EXISTS, "This message is still being"
          + " delivered; replay it once every delivery has finished");
    }
    return Map.of("endpoints", endpoints);
  }

  private String app(HttpServletRequest request, boolean change) {
    return session(request, change).applicationId();
  }

  private Session session(HttpServletRequest request, boolean change) {
    Session session = portal.verify(cookie(request)).orElseThrow(
        () -> new ManagementProblems.Unauthenticated("This portal session has expired or was"
            + " revoked: open a new link from your provider"));
    if (change) {
      String sent = request.getHeader(CSRF_HEADER);
      if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
          session.csrfToken().getBytes(StandardCharsets.UTF_8))) {
        throw new ManagementProblems.Forbidden("A change needs the session's CSRF token in "
            + CSRF_HEADER + "; reload the portal");
      }
    }
    return session;
  }

  static @Nullable String cookie(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies != null) {
      for (Cookie cookie : cookies) {
        if (COOKIE.equals(cookie.getName())) {
          return cookie.getValue();
        }
      }
    }
    return null;
  }
}
