package dev.hookmesh.signature;

import dev.hookmesh.HeaderLookup;
import dev.hookmesh.WebhookEvent;
import dev.hookmesh.internal.Ascii;
import dev.hookmesh.internal.Encoding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Stripe: see {@link SignatureScheme#stripe()}. */
final class StripeScheme extends HmacUtf8Scheme {

  static final StripeScheme INSTANCE = new StripeScheme();

  static final String SIGNATURE = "Stripe-Signature";

  private StripeScheme() {
    super("stripe");
  }

  @Override
  public Map<String, String> sign(
      String id, Instant timestamp, byte[] body, List<? extends SigningKey> keys) {
    Verification.requireSupported(this, keys);
    String seconds = Long.toString(timestamp.getEpochSecond());
    byte[] prefix = prefix(seconds);
    StringBuilder header = new StringBuilder(16 + keys.size() * 68).append("t=").append(seconds);
    for (SigningKey key : keys) {
      header.append(",v1=").append(Encoding.hex(((HmacSecret) key).mac(prefix, body)));
    }
    Map<String, String> headers = new LinkedHashMap<>(2);
    headers.put(SIGNATURE, header.toString());
    return headers;
  }

  @Override
  public WebhookEvent verify(
      HeaderLookup headers,
      byte[] body,
      List<? extends VerificationKey> keys,
      VerificationContext context) {
    String header = Verification.required(headers, context, SIGNATURE);
    String seconds = null;
    List<byte[]> candidates = new ArrayList<>(2);
    int elements = 0;
    int start = 0;
    while (start <= header.length()) {
      int end = header.indexOf(',', start);
      if (end < 0) {
        end = header.length();
      }
      // t=, v1= per key, and v0= test-mode signatures: anything far beyond that is hostile.
      if (++elements > 2 * context.maxSignatures() + 1) {
        throw Verification.malformed("The " + SIGNATURE + " header has more than "
            + (2 * context.maxSignatures() + 1) + " elements");
      }
      if (header.startsWith("t=", start)) {
        if (seconds != null) {
          throw Verification.malformed("The " + SIGNATURE + " header has more than one t=");
        }
        seconds = Ascii.trimWhitespace(header.substring(start + 2, end));
      } else if (header.startsWith("v1=", start)) {
        byte[] candidate = v1(header, start + 3, end);
        if (candidate != null) {
          candidates.add(candidate);
        }
      }
      start = end + 1;
    }
    if (seconds == null) {
      throw Verification.malformed(
          "The " + SIGNATURE + " header has no t= timestamp: expected t=<seconds>,v1=<hex>");
    }
    if (candidates.isEmpty()) {
      throw Verification.malformed("The " + SIGNATURE + " header has no readable v1= "
          + "signature: expected t=<seconds>,v1=<64 hex digits>");
    }
    Instant timestamp = Verification.fresh(
        Verification.timestamp(seconds, SIGNATURE + " t="), SIGNATURE + " t=", context);
    return verifyHmac(SIGNATURE, candidates, prefix(seconds), body, keys, null, timestamp);
  }

  private static byte @Nullable [] v1(String header, int from, int to) {
    String hex = Ascii.trimWhitespace(header.substring(from, to));
    byte[] candidate = Encoding.unhex(hex, 0, hex.length());
    return candidate != null && candidate.length == 32 ? candidate : null;
  }

  private static byte[] prefix(String seconds) {
    return Verification.ascii(seconds + '.');
  }
}
