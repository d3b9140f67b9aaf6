package dev.hookmesh.signature;

import dev.hookmesh.HeaderLookup;
import dev.hookmesh.WebhookEvent;
import dev.hookmesh.internal.Encoding;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Twilio: see {@link SignatureScheme#twilio()}. */
final class TwilioScheme extends UrlSignedScheme {

  static final TwilioScheme INSTANCE = new TwilioScheme();

  static final String SIGNATURE = "X-Twilio-Signature";
  static final String IDEMPOTENCY_TOKEN = "I-Twilio-Idempotency-Token";
  /** The query parameter that carries a JSON body's hash, signed as part of the URL. */
  static final String BODY_SHA256 = "bodySHA256";
  private static final int SHA1_BYTES = 20;

  private TwilioScheme() {
    super("twilio");
  }

  @Override
  public Map<String, String> sign(String requestUrl, String id, Instant timestamp, byte[] body,
      List<? extends SigningKey> keys) {
    HmacSecret key = onlyKey(keys);
    List<String[]> parameters = bodySha256(requestUrl) != null ? List.of() : form(body);
    if (parameters == null) {
      throw new IllegalArgumentException("Twilio signs a form-encoded body with its parameters,"
          + " or another body through a bodySHA256 query parameter; this body is neither");
    }
    Map<String, String> headers = new LinkedHashMap<>(4);
    headers.put(IDEMPOTENCY_TOKEN, id);
    headers.put(SIGNATURE,
        Encoding.base64(key.macSha1(Verification.utf8(signed(requestUrl, parameters)))));
    return headers;
  }

  @Override
  public WebhookEvent verify(
      HeaderLookup headers,
      byte[] body,
      List<? extends VerificationKey> keys,
      VerificationContext context) {
    byte[] candidate = base64Signature(headers, context, SIGNATURE, SHA1_BYTES, "HMAC-SHA1");
    String url = Verification.requestUrl(context, name());
    String id = Verification.optional(headers, context, IDEMPOTENCY_TOKEN);
    String hash = bodySha256(url);
    List<String[]> parameters;
    if (hash != null) {
      // A JSON body: the URL is signed, and carries the body's hash.
      if (!MessageDigest.isEqual(Verification.ascii(hash.toLowerCase(Locale.ROOT)),
          Verification.ascii(Encoding.hex(sha256(body))))) {
        throw Verification.noMatch(SIGNATURE, keys.size(), "the bodySHA256 query parameter is"
            + " not the SHA-256 of the body: the body was changed, or not passed as received");
      }
      parameters = List.of();
    } else {
      parameters = form(body);
      if (parameters == null) {
        throw Verification.noMatch(SIGNATURE, keys.size(), "the body is not form-encoded and"
            + " the URL has no bodySHA256 parameter, so Twilio cannot have signed it");
      }
    }
    for (String variant : portVariants(url)) {
      byte[] data = Verification.utf8(signed(variant, parameters));
      for (int k = 0; k < keys.size(); k++) {
        if (keys.get(k) instanceof HmacSecret secret
            && MessageDigest.isEqual(secret.macSha1(data), candidate)) {
          // Without Twilio's idempotency token, a repeat of the same request has the same
          // signature: it identifies the request for deduplication.
          return new WebhookEvent(id != null ? id : "twilio-" + Encoding.base64(candidate), null,
              body, name(), k);
        }
      }
    }
    throw Verification.noMatch(SIGNATURE, keys.size(), "check that the Auth Token is this"
        + " account's and that the URL is the one Twilio requested, as it was configured in"
        + " Twilio (behind a proxy, the public URL: enable forwarded headers)");
  }

  /** The URL followed by each parameter's name and value, sorted by name then value. */
  private static String signed(String url, List<String[]> parameters) {
    StringBuilder data = new StringBuilder(url);
    parameters.stream()
        .sorted(Comparator.<String[], String>comparing(pair -> pair[0])
            .thenComparing(pair -> pair[1]))
        .forEach(pair -> data.append(pair[0]).append(pair[1]));
    return data.toString();
  }

  /** The parameters of a form-encoded body, decoded; {@code null} if it is not one. */
  static @Nullable List<String[]> form(byte[] body) {
    List<String[]> parameters = new ArrayList<>();
    if (body.length == 0) {
      return parameters;
    }
    String text = new String(body, StandardCharsets.UTF_8);
    try {
      for (String pair : text.split("&", -1)) {
        if (pair.isEmpty()) {
          continue;
        }
        int equals = pair.indexOf('=');
        String name = equals < 0 ? pair : pair.substring(0, equals);
        String value = equals < 0 ? "" : pair.substring(equals + 1);
        parameters.add(new String[] {URLDecoder.decode(name, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8)});
      }
    } catch (IllegalArgumentException e) {
      return null; // a stray '%': not form-encoded
    }
    return parameters;
  }

  /** The value of the URL's {@code bodySHA256} query parameter, or {@code null}. */
  static @Nullable String bodySha256(String url) {
    int query = url.indexOf('?');
    if (query < 0) {
      return null;
    }
    int end = url.indexOf('#', query);
    for (String pair : url.substring(query + 1, end < 0 ? url.length() : end).split("&")) {
      if (pair.startsWith(BODY_SHA256 + "=")) {
        return pair.substring(BODY_SHA256.length() + 1);
      }
    }
    return null;
  }

  /**
   * The URL as given, then with its default port added or removed: Twilio signs the URL as it
   * was configured, which a server may see with or without the port.
   */
  static List<String> portVariants(String url) {
    int schemeEnd = url.indexOf("://");
    if (schemeEnd < 0) {
      return List.of(url);
    }
    String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    String port = scheme.equals("https") ? "443" : scheme.equals("http") ? "80" : null;
    if (port == null) {
      return List.of(url);
    }
    int hostStart = schemeEnd + 3;
    int hostEnd = hostStart;
    while (hostEnd < url.length() && "/?#".indexOf(url.charAt(hostEnd)) < 0) {
      hostEnd++;
    }
    String authority = url.substring(hostStart, hostEnd);
    String other;
    if (authority.endsWith(":" + port)) {
      other = authority.substring(0, authority.length() - port.length() - 1);
    } else if (authority.endsWith("]") || authority.lastIndexOf(':') < 0) {
      other = authority + ":" + port;
    } else {
      return List.of(url); // another port: signed as it is
    }
    return List.of(url, url.substring(0, hostStart) + other + url.substring(hostEnd));
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }
}
