package dev.hookmesh.signature;

import dev.hookmesh.HeaderLookup;
import dev.hookmesh.WebhookEvent;
import dev.hookmesh.internal.Encoding;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Square: see {@link SignatureScheme#square()}. */
final class SquareScheme extends UrlSignedScheme {

  static final SquareScheme INSTANCE = new SquareScheme();

  static final String SIGNATURE = "X-Square-HmacSha256-Signature";
  private static final int SHA256_BYTES = 32;

  private SquareScheme() {
    super("square");
  }

  /** Square carries the event id in the body ({@code event_id}): only the signature is added. */
  @Override
  public Map<String, String> sign(String requestUrl, String id, Instant timestamp, byte[] body,
      List<? extends SigningKey> keys) {
    HmacSecret key = onlyKey(keys);
    Map<String, String> headers = new LinkedHashMap<>(2);
    headers.put(SIGNATURE, Encoding.base64(key.mac(Verification.utf8(requestUrl), body)));
    return headers;
  }

  @Override
  public WebhookEvent verify(
      HeaderLookup headers,
      byte[] body,
      List<? extends VerificationKey> keys,
      VerificationContext context) {
    byte[] candidate = base64Signature(headers, context, SIGNATURE, SHA256_BYTES, "HMAC-SHA256");
    byte[] url = Verification.utf8(Verification.requestUrl(context, name()));
    int matched = Verification.match(keys, url, body, List.of(candidate), List.of());
    if (matched < 0) {
      throw Verification.noMatch(SIGNATURE, keys.size(), "check that the signature key is this"
          + " subscription's, that the URL is exactly the notification URL registered with"
          + " Square (behind a proxy, the public URL), and that the body is passed as received");
    }
    return new WebhookEvent(null, null, body, name(), matched);
  }
}
