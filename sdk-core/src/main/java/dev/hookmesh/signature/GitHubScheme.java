package dev.hookmesh.signature;

import dev.hookmesh.HeaderLookup;
import dev.hookmesh.WebhookEvent;
import dev.hookmesh.internal.Encoding;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GitHub: see {@link SignatureScheme#github()}. */
final class GitHubScheme extends HmacUtf8Scheme {

  static final GitHubScheme INSTANCE = new GitHubScheme();

  static final String SIGNATURE = "X-Hub-Signature-256";
  static final String DELIVERY = "X-GitHub-Delivery";
  private static final String LABEL = "sha256=";

  private GitHubScheme() {
    super("github");
  }

  @Override
  public Map<String, String> sign(
      String id, Instant timestamp, byte[] body, List<? extends SigningKey> keys) {
    HmacSecret key = onlyKey(keys);
    Map<String, String> headers = new LinkedHashMap<>(4);
    headers.put(DELIVERY, id);
    headers.put(SIGNATURE, LABEL + Encoding.hex(key.mac(NO_PREFIX, body)));
    return headers;
  }

  @Override
  public WebhookEvent verify(
      HeaderLookup headers,
      byte[] body,
      List<? extends VerificationKey> keys,
      VerificationContext context) {
    String signature = Verification.required(headers, context, SIGNATURE);
    String delivery = Verification.optional(headers, context, DELIVERY);
    byte[] candidate = labelledHex(signature, LABEL, SIGNATURE);
    return verifyHmac(SIGNATURE, List.of(candidate), NO_PREFIX, body, keys, delivery, null);
  }
}
