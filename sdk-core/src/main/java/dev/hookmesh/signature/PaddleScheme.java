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

/** Paddle Billing: see {@link SignatureScheme#paddle()}. */
final class PaddleScheme extends HmacUtf8Scheme {

  static final PaddleScheme INSTANCE = new PaddleScheme();

  static final String SIGNATURE = "Paddle-Signature";

  private PaddleScheme() {
    super("paddle");
  }

  @Override
  public Map<String, String> sign(
      String id, Instant timestamp, byte[] body, List<? extends SigningKey> keys) {
    Verification.requireSupported(this, keys);
    String seconds = Long.toString(timestamp.getEpochSecond());
    byte[] prefix = prefix(seconds);
    StringBuilder header = new StringBuilder(16 + keys.size() * 68).append("ts=").append(seconds);
    for (SigningKey key : keys) {
      header.append(";h1=").append(Encoding.hex(((HmacSecret) key).mac(prefix, body)));
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
    for (int start = 0; start <= header.length(); ) {
      int end = header.indexOf(';', start);
      if (end < 0) {
        end = header.length();
      }
      // ts= once and an h1= per secret during a rotation: anything far beyond is hostile.
      if (++elements > context.maxSignatures() + 1) {
        throw Verification.malformed("The " + SIGNATURE + " header has more than "
            + (context.maxSignatures() + 1) + " elements");
      }
      String element = Ascii.trimWhitespace(header.substring(start, end));
      if (element.startsWith("ts=")) {
        if (seconds != null) {
          throw Verification.malformed("The " + SIGNATURE + " header has more than one ts=");
        }
        seconds = element.substring(3);
      } else if (element.startsWith("h1=")) {
        byte[] candidate = Encoding.unhex(element, 3, element.length());
        if (candidate != null && candidate.length == 32) {
          candidates.add(candidate);
        }
      }
      start = end + 1;
    }
    if (seconds == null) {
      throw Verification.malformed("The " + SIGNATURE + " header has no ts= timestamp:"
          + " expected ts=<seconds>;h1=<hex>");
    }
    if (candidates.isEmpty()) {
      throw Verification.malformed("The " + SIGNATURE + " header has no readable h1="
          + " signature: expected ts=<seconds>;h1=<64 hex digits>");
    }
    Instant timestamp = Verification.fresh(
        Verification.timestamp(seconds, SIGNATURE + " ts="), SIGNATURE + " ts=", context);
    return verifyHmac(SIGNATURE, candidates, prefix(seconds), body, keys, null, timestamp);
  }

  private static byte[] prefix(String seconds) {
    return Verification.ascii(seconds + ':');
  }
}
