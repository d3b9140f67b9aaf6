package dev.hookmesh.signature;

import dev.hookmesh.HeaderLookup;
import dev.hookmesh.WebhookEvent;
import dev.hookmesh.internal.Encoding;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Slack: see {@link SignatureScheme#slack()}. */
final class SlackScheme extends HmacUtf8Scheme {

  static final SlackScheme INSTANCE = new SlackScheme();

  static final String SIGNATURE = "X-Slack-Signature";
  static final String TIMESTAMP = "X-Slack-Request-Timestamp";
  private static final String LABEL = "v0=";

  private SlackScheme() {
    super("slack");
  }

  @Override
  public Map<String, String> sign(
      String id, Instant timestamp, byte[] body, List<? extends SigningKey> keys) {
    HmacSecret key = onlyKey(keys);
    String seconds = Long.toString(timestamp.getEpochSecond());
    Map<String, String> headers = new LinkedHashMap<>(4);
    headers.put(TIMESTAMP, seconds);
    headers.put(SIGNATURE, LABEL + Encoding.hex(key.mac(prefix(seconds), body)));
    return headers;
  }

  @Override
  public WebhookEvent verify(
      HeaderLookup headers,
      byte[] body,
      List<? extends VerificationKey> keys,
      VerificationContext context) {
    String seconds = Verification.required(headers, context, TIMESTAMP);
    String signature = Verification.required(headers, context, SIGNATURE);
    Instant timestamp =
        Verification.fresh(Verification.timestamp(seconds, TIMESTAMP), TIMESTAMP, context);
    byte[] candidate = labelledHex(signature, LABEL, SIGNATURE);
    return verifyHmac(SIGNATURE, List.of(candidate), prefix(seconds), body, keys, null, timestamp);
  }

  private static byte[] prefix(String seconds) {
    return Verification.ascii("v0:" + seconds + ':');
  }
}
