package dev.hookmesh.spring;

import dev.hookmesh.platform.Application;
import dev.hookmesh.platform.ApplicationSpec;
import dev.hookmesh.platform.WebhookRegistry;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Links into the customer portal, each scoped to one application and valid for a short time:
 * the provider's own code, behind its own login, hands one to a signed-in customer, who then
 * manages their endpoints, reads the delivery log and replays failures without an account of
 * their own.
 *
 * <pre>{@code
 * @GetMapping("/settings/webhooks")
 * ResponseEntity<Void> webhooks(@AuthenticationPrincipal Customer customer) {
 *   String link = portal.linkFor(customer.id(), Duration.ofMinutes(15));
 *   return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(link)).build();
 * }
 * }</pre>
 *
 * <p>A link is {@code <portal path>/login?token=...}: the token is signed (HMAC-SHA256 under a
 * key of the application's), names the application and its expiry, and on first use becomes an
 * HTTP-only session cookie for the same lifetime, so it does not stay in the address bar.
 * {@link #revokeLinks} ends every link and session of an application issued before it, on
 * every instance, since the time is kept with the application.
 */
public final class WebhookPortal {

  /** The application label that holds when its links were last revoked. */
  public static final String REVOKED_BEFORE = "hookmesh.portal.revoked-before";
  /** The longest a link may live. */
  public static final Duration MAX_TTL = Duration.ofDays(1);

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

  private final WebhookRegistry registry;
  private final byte[] key;
  private final String path;
  private final Clock clock;

  /** A verified link or session: the application it is scoped to, and until when. */
  public record Session(String applicationId, Instant expiresAt, String csrfToken) {}

  /**
   * Creates the portal's link maker.
   *
   * @param registry where applications are
   * @param signingKey at least 32 bytes that sign links; keep it secret
   * @param path the path the portal is served under, such as /hookmesh/portal
   * @param clock the time source
   */
  public WebhookPortal(WebhookRegistry registry, byte[] signingKey, String path, Clock clock) {
    this.registry = Objects.requireNonNull(registry, "registry");
    if (signingKey.length < 32) {
      throw new IllegalArgumentException("A portal signing key has at least 32 bytes, not "
          + signingKey.length);
    }
    this.key = signingKey.clone();
    this.path = Objects.requireNonNull(path, "path");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A link into the portal for one application.
   *
   * @param applicationId the application the customer may manage
   * @param ttl how long the link and the session it starts last, at most a day
   * @return the link, a path on this application's host
   * @throws IllegalArgumentException if the ttl is not positive or over a day
   * @throws dev.hookmesh.platform.PlatformException if there is no such application
   */
  public String linkFor(String applicationId, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("A portal link lasts more than zero and at most a day,"
          + " not " + ttl);
    }
    registry.application(applicationId);
    Instant now = clock.instant();
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    String payload = applicationId + "|" + now.plus(ttl).getEpochSecond() + "|"
        + now.toEpochMilli() + "|" + BASE64.encodeToString(nonce);
    String token = BASE64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
        + BASE64.encodeToString(mac(payload));
    return path + "/login?token=" + token;
  }

  /**
   * Ends every link and session of an application issued until now.
   *
   * @param applicationId the application
   */
  public void revokeLinks(String applicationId) {
    Application application = registry.application(applicationId);
    Map<String, String> labels = new HashMap<>(application.metadata());
    labels.put(REVOKED_BEFORE, Long.toString(clock.instant().toEpochMilli()));
    ApplicationSpec.Builder spec = ApplicationSpec.builder(application.name())
        .id(application.id()).metadata(labels);
    if (application.rateLimit() != null) {
      spec.rateLimit(application.rateLimit());
    }
    registry.updateApplication(applicationId, spec.build());
  }

  /**
   * Checks a token from a link or a session cookie.
   *
   * @param token the token
   * @return the session, or empty if the token is forged, expired, revoked or its application
   *     is gone
   */
  public Optional<Session> verify(@Nullable String token) {
    if (token == null || token.length() > 1_000) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    String payload;
    byte[] signature;
    try {
      payload = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)),
          StandardCharsets.UTF_8);
      signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!MessageDigest.isEqual(mac(payload), signature)) {
      return Optional.empty();
    }
    String[] parts = payload.split("\\|");
    if (parts.length != 4) {
      return Optional.empty();
    }
    Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[1]));
    long issued = Long.parseLong(parts[2]);
    if (!clock.instant().isBefore(expires)) {
      return Optional.empty();
    }
    Optional<Application> application = registry.findApplication(parts[0]);
    if (application.isEmpty()) {
      return Optional.empty();
    }
    String revoked = application.get().metadata().get(REVOKED_BEFORE);
    if (revoked != null && issued <= Long.parseLong(revoked)) {
      return Optional.empty();
    }
    return Optional.of(new Session(parts[0], expires,
        BASE64.encodeToString(mac("csrf|" + token))));
  }

  private byte[] mac(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("This JVM offers no HmacSHA256", e);
    }
  }

  @Override
  public String toString() {
    return "WebhookPortal[path=" + path + ", key=redacted]";
  }
}
