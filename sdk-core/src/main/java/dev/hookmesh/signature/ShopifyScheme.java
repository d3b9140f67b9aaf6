package dev.hookmesh.signature;

import dev.hookmesh.HeaderLookup;
import dev.hookmesh.WebhookEvent;
import dev.hookmesh.internal.Encoding;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shopify: see {@link SignatureScheme#shopify()}. */
final class ShopifyScheme extends HmacUtf8Scheme {

  static final ShopifyScheme INSTANCE = new ShopifyScheme();

  static final String SIGNATURE = "X-Shopify-Hmac-Sha256";
  static final String WEBHOOK_ID = "X-Shopify-Webhook-Id";

  private ShopifyScheme() {
    super("shopify");
  }

  @Override
  public Map<String, String> sign(
      String id, Instant timestamp, byte[] body, List<? extends SigningKey> keys) {
    HmacSecret key = onlyKey(keys);
    Map<String, String> headers = new LinkedHashMap<>(4);
    headers.put(WEBHOOK_ID, id);
    headers.put(SIGNATURE, Encoding.base64(key.mac(NO_PREFIX, body)));
    return headers;
  }

  @Override
  public WebhookEvent verify(
      HeaderLookup headers,
      byte[] body,
      List<? extends VerificationKey> keys,
      VerificationContext context) {
    String signature = Verification.required(headers, context, SIGNATURE);
    String webhookId = Verification.optional(headers, context, WEBHOOK_ID);
    byte[] candidate = Encoding.unbase64(signature, 0, signature.length());
    if (candidate == null || candidate.length != 32) {
      throw Verification.malformed(
          "The " + SIGNATURE + " header must be the Base64 of a 32-byte HMAC-SHA256");
    }
    return verifyHmac(SIGNATURE, List.of(candidate), NO_PREFIX, body, keys, webhookId, null);
  }
}
