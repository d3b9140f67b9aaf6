package dev.hookmesh.spring;

import dev.hookmesh.WebhookVerifier;
import dev.hookmesh.http.IpAllowList;
import dev.hookmesh.http.RateLimiter;
import dev.hookmesh.signature.SignatureScheme;
import dev.hookmesh.spring.HookmeshReceiverProperties.Processing;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The application's enabled webhook endpoints, by name. Inject it to list the paths, for
 * example in a security rule; {@link HookmeshRequest#toWebhookEndpoints()} does that for you.
 */
public final class WebhookEndpoints {

  /** Characters of a literal URL path: no pattern syntax, no spaces. */
  private static final Pattern LITERAL_PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()+,;=:@%/-]*");


  private static final String PREFIX = "hookmesh.receiver.endpoints.";

  private final Map<String, WebhookEndpoint> byName;

  /**
   * Holds the given endpoints.
   *
   * @param endpoints the endpoints; names and paths must be unique
   */
  public WebhookEndpoints(Collection<WebhookEndpoint> endpoints) {
    Map<String, WebhookEndpoint> map = new LinkedHashMap<>();
    Map<String, String> paths = new LinkedHashMap<>();
    for (WebhookEndpoint endpoint : endpoints) {
      String clash = paths.putIfAbsent(endpoint.path(), endpoint.name());
      if (clash != null) {
        throw new WebhookEndpointConfigurationException(
            PREFIX + endpoint.name() + ".path",
            "the path " + endpoint.path() + " is already used by the endpoint '" + clash + "'",
            PREFIX + endpoint.name() + ".path: /webhooks/" + endpoint.name());
      }
      map.put(endpoint.name(), endpoint);
    }
    this.byName = Collections.unmodifiableMap(map);
  }

  /**
   * Builds and validates the enabled endpoints from properties, parsing every secret.
   *
   * @param properties the bound properties
   * @return the endpoints
   * @throws WebhookEndpointConfigurationException naming the property when a scheme is
   *     unknown or a secret is missing or does not parse
   */
  public static WebhookEndpoints from(HookmeshReceiverProperties properties) {
    List<WebhookEndpoint> endpoints = new ArrayList<>();
    properties.endpoints().forEach((name, endpoint) -> {
      if (endpoint.enabled()) {
        endpoints.add(build(name, endpoint, properties.processing()));
      }
    });
    return new WebhookEndpoints(endpoints);
  }

  /**
   * Whether any enabled endpoint processes through the inbox.
   *
   * @return {@code true} if one does
   */
  public boolean anyInbox() {
    return byName.values().stream().anyMatch(WebhookEndpoint::usesInbox);
  }

  private static WebhookEndpoint build(String name, HookmeshReceiverProperties.Endpoint config,
      Processing defaultProcessing) {
    String property = PREFIX + name;
    SignatureScheme scheme;
    try {
      scheme = SignatureScheme.named(config.scheme());
    } catch (IllegalArgumentException e) {
      throw new WebhookEndpointConfigurationException(
          property + ".scheme",
          "'" + config.scheme() + "' is not a signature scheme",
          property + ".scheme: standard-webhooks   # or github, stripe, slack, shopify,"
              + " paddle, gitlab, discord, coinbase-commerce, twilio, square");
    }
    if (config.secrets().isEmpty()) {
      throw new WebhookEndpointConfigurationException(
          property + ".secrets", "no secret is configured, so no request could be verified",
          property + ".secrets[0]: " + exampleSecret(scheme));
    }
    WebhookVerifier.Builder verifier =
        WebhookVerifier.builder().scheme(scheme).tolerance(config.tolerance());
    for (int i = 0; i < config.secrets().size(); i++) {
      String secret = config.secrets().get(i);
      String secretProperty = property + ".secrets[" + i + "]";
      if (secret == null || secret.isBlank()) {
        throw new WebhookEndpointConfigurationException(
            secretProperty, "the secret is empty (is an environment variable unset?)",
            secretProperty + ": " + exampleSecret(scheme));
      }
      try {
        verifier.key(scheme.parseVerificationKey(secret));
      } catch (IllegalArgumentException e) {
        // The scheme's message describes the expected form and never repeats the value.
        throw new WebhookEndpointConfigurationException(
            secretProperty, "the secret is not a " + scheme.name() + " key. " + e.getMessage(),
            secretProperty + ": " + exampleSecret(scheme));
      }
    }
    if (config.publicUrl() != null) {
      try {
        verifier.requestUrl(config.publicUrl());
      } catch (IllegalArgumentException e) {
        throw new WebhookEndpointConfigurationException(property + ".public-url",
            e.getMessage(), property + ".public-url: https://example.com/webhooks/" + name);
      }
    }
    long maxBody = config.maxBodySize().toBytes();
    if (maxBody < 1 || maxBody > Integer.MAX_VALUE - 8) {
      throw new WebhookEndpointConfigurationException(
          property + ".max-body-size", "must be between 1B and 2GB", property
              + ".max-body-size: 1MB");
    }
    String path = config.path() == null ? "/webhooks/" + name : config.path();
    if (!path.startsWith("/")) {
      throw new WebhookEndpointConfigurationException(
          property + ".path", "a path starts with '/'", property + ".path: /webhooks/" + name);
    }
    if (!LITERAL_PATH.matcher(path).matches()) {
      // A pattern would route, and exempt from CSRF, every path it matches.
      throw new WebhookEndpointConfigurationException(property + ".path",
          "the path " + path + " is not a literal path: no '*', '?', '{', '}' or spaces",
          property + ".path: /webhooks/orders");
    }
    List<String> eventType =
        config.eventType().isEmpty() ? defaultEventType(scheme) : config.eventType();
    String orderingKey = config.orderingKey();
    if (orderingKey != null && !orderingKey.startsWith("/")) {
      throw new WebhookEndpointConfigurationException(property + ".ordering-key",
          "'" + orderingKey + "' is not a JSON pointer into the body",
          property + ".ordering-key: /data/object/id");
    }
    IpAllowList allowedIps;
    try {
      allowedIps = IpAllowList.of(config.allowedIps());
    } catch (IllegalArgumentException e) {
      throw new WebhookEndpointConfigurationException(property + ".allowed-ips",
          e.getMessage(), property + ".allowed-ips: [192.30.252.0/22, 2001:db8::/32]");
    }
    if (config.rateLimit() < 0) {
      throw new WebhookEndpointConfigurationException(property + ".rate-limit",
          "must not be negative", property + ".rate-limit: 100   # requests per second, 0 for none");
    }
    Processing processing =
        config.processing() != null ? config.processing() : defaultProcessing;
    return new WebhookEndpoint(
        name, path,
        verifier.maxPayloadSize((int) maxBody).build(),
        (int) maxBody, eventType, config.replayWindow(), processing, orderingKey, allowedIps,
        config.rateLimit() > 0 ? RateLimiter.perSecond(config.rateLimit()) : null,
        config.retry() == null ? null : HookmeshSenderAutoConfiguration.retryPolicy(config.retry()));
  }

  private static String exampleSecret(SignatureScheme scheme) {
    return switch (scheme.name()) {
      case "standard-webhooks" ->
          "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw   # or whpk_... for Ed25519";
      case "stripe" -> "whsec_...   # the endpoint's signing secret from the Stripe dashboard";
      case "twilio" -> "${TWILIO_AUTH_TOKEN}   # the account's Auth Token";
      case "square" -> "${SQUARE_WEBHOOK_SIGNATURE_KEY}   # the subscription's signature key";
      default -> "${" + scheme.name().toUpperCase(Locale.ROOT) + "_WEBHOOK_SECRET}";
    };
  }

  /**
   * Where each scheme's senders put the event type.
   *
   * @param scheme the scheme
   * @return JSON pointers and header names, tried in order
   */
  static List<String> defaultEventType(SignatureScheme scheme) {
    return switch (scheme.name()) {
      case "github" -> List.of("X-GitHub-Event");
      case "shopify" -> List.of("X-Shopify-Topic");
      case "slack" -> List.of("/event/type", "/type");
      case "gitlab" -> List.of("X-Gitlab-Event");
      case "paddle" -> List.of("/event_type");
      case "coinbase-commerce" -> List.of("/event/type");
      default -> List.of("/type");
    };
  }

  /**
   * An endpoint by name.
   *
   * @param name the configured name
   * @return the endpoint, or {@code null} if none is enabled under that name
   */
  public @Nullable WebhookEndpoint get(String name) {
    return byName.get(name);
  }

  /**
   * Every enabled endpoint, in configuration order.
   *
   * @return an unmodifiable collection
   */
  public Collection<WebhookEndpoint> all() {
    return byName.values();
  }

  /**
   * The request paths of every enabled endpoint.
   *
   * @return the paths, in configuration order
   */
  public List<String> paths() {
    return byName.values().stream().map(WebhookEndpoint::path).toList();
  }

  @Override
  public String toString() {
    return "WebhookEndpoints" + byName.keySet();
  }
}
