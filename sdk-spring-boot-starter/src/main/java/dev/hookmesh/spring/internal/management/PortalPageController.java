package dev.hookmesh.spring.internal.management;

import dev.hookmesh.spring.WebhookPortal;
import dev.hookmesh.spring.WebhookPortal.Session;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The customer portal's page and its two assets, plain HTML, CSS and JavaScript from the
 * starter's jar (no build step in the provider's build), served with a Content-Security-Policy
 * that allows only the portal's own scripts, styles and API, and the login that turns a link's
 * token into an HTTP-only session cookie.
 */
@Controller
@RequestMapping("${hookmesh.portal.path:/hookmesh/portal}")
public final class PortalPageController {

  private static final Map<String, MediaType> ASSETS = Map.of(
      "portal.js", MediaType.valueOf("text/javascript;charset=UTF-8"),
      "portal.css", MediaType.valueOf("text/css;charset=UTF-8"));

  private final WebhookPortal portal;
  private final String path;
  private final String contentSecurityPolicy;

  /**
   * Creates the controller.
   *
   * @param portal verifies links
   * @param path the portal's path
   * @param frameAncestors who may frame the portal, as a CSP source list such as 'self'
   */
  public PortalPageController(WebhookPortal portal, String path, String frameAncestors) {
    this.portal = portal;
    this.path = path;
    this.contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self';"
        + " img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none';"
        + " frame-ancestors " + frameAncestors;
  }

  /** A link: its token becomes the session cookie, and the page opens without it in the URL. */
  @GetMapping("/login")
  ResponseEntity<?> login(@RequestParam(required = false) @Nullable String token,
      HttpServletRequest request) throws IOException {
    Session session = portal.verify(token).orElse(null);
    if (session == null) {
      return page("expired.html", HttpStatus.UNAUTHORIZED);
    }
    Duration left = Duration.between(Instant.now(), session.expiresAt());
    ResponseCookie cookie = ResponseCookie.from(PortalApiController.COOKIE, token)
        .httpOnly(true).secure(request.isSecure()).sameSite("Lax").path(path)
        .maxAge(left.isNegative() ? Duration.ZERO : left).build();
    return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(path + "/"))
        .header(HttpHeaders.SET_COOKIE, cookie.toString())
        .header("Referrer-Policy", "no-referrer")
        .cacheControl(CacheControl.noStore()).build();
  }

  /** Without the slash the page's relative links would miss the portal's path. */
  @GetMapping("")
  ResponseEntity<Void> withSlash() {
    return ResponseEntity.status(HttpStatus.MOVED_PERMANENTLY).location(URI.create(path + "/"))
        .build();
  }

  @GetMapping("/")
  ResponseEntity<?> index(HttpServletRequest request) throws IOException {
    if (portal.verify(PortalApiController.cookie(request)).isEmpty()) {
      return page("expired.html", HttpStatus.UNAUTHORIZED);
    }
    return page("index.html", HttpStatus.OK);
  }

  @GetMapping("/{asset:portal\\.(?:js|css)}")
  ResponseEntity<byte[]> asset(@PathVariable String asset) throws IOException {
    return ResponseEntity.ok().contentType(ASSETS.get(asset))
        .header("X-Content-Type-Options", "nosniff")
        .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)))
        .body(read(asset));
  }

  private ResponseEntity<byte[]> page(String name, HttpStatus status) throws IOException {
    return ResponseEntity.status(status).contentType(MediaType.valueOf("text/html;charset=UTF-8"))
        .header("Content-Security-Policy", contentSecurityPolicy)
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer")
        .cacheControl(CacheControl.noStore())
        .body(read(name));
  }

  private static byte[] read(String name) throws IOException {
    try (InputStream in = PortalPageController.class.getResourceAsStream("portal/" + name)) {
      if (in == null) {
        throw new IllegalStateException("portal/" + name + " is missing from the starter's jar");
      }
      return in.readAllBytes();
    }
  }
}
