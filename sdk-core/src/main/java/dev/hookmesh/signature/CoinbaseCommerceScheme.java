package dev.hookmesh.signature;

import dev.hookmesh.HeaderLookup;
import dev.hookmesh.WebhookEvent;
import dev.hookmesh.internal.Ascii;
import dev.hookmesh.internal.Encoding;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Coinbase Commerce: see {@link SignatureScheme#coinbaseCommerce()}. */
final class CoinbaseCommerceScheme extends HmacUtf8Scheme {

  static final CoinbaseCommerceScheme INSTANCE = new CoinbaseCommerceScheme();

  static final String SIGNATURE = "X-CC-Webhook-Signature";

  private CoinbaseCommerceScheme() {
    super("coinbase-commerce");
  }

  @Override
  public Map<String, String> sign(
      String id, Instant timestamp, byte[] body, List<? extends SigningKey> keys) {
    HmacSecret key = onlyKey(keys);
    Map<String, String> headers = new LinkedHashMap<>(2);
    headers.put(SIGNATURE, Encoding.hex(key.mac(NO_PREFIX, body)));
    return headers;
  }

  @Override
  public WebhookEvent verify(
      HeaderLookup headers,
      byte[] body,
      List<? extends VerificationKey> keys,
      VerificationContext context) {
    String signature = Ascii.trimWhitespace(Verification.required(headers, context, SIGNATURE));
    byte[] candidate = signature.length() == 64
        ? Encoding.unhex(signature, 0, signature.length()) : null;
    if (candidate == null) {
      throw Verification.malformed("The " + SIGNATURE + " header must be 64 hex digits");
    }
    return verifyHmac(SIGNATURE, List.of(candidate), NO_PREFIX, body, keys, null, null);
  }
}
