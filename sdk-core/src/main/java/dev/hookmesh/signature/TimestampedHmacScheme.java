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

/**
 * The format Stripe and Paddle share, with their own punctuation: one header holding a
 * timestamp element and a hex HMAC-SHA256 element per key, over the timestamp, a separator and
 * the body; {@code t=<ts>,v1=<hex>} over {@code ts.body} for Stripe,
 * {@code ts=<ts>;h1=<hex>} over {@code ts:body} for Paddle.
 */
abstract class TimestampedHmacScheme extends HmacUtf8Scheme {

  private final String header;
  private final char elementSeparator;
  private final String timestampLabel;
  private final String signatureLabel;
  private final char signedSeparator;
  private final int elementsPerKey;

  /**
   * @param elementsPerKey how many elements a sender may add per key, to bound the header:
   *     Stripe adds test-mode {@code v0=} signatures beside {@code v1=}
   */
  TimestampedHmacScheme(String name, String header, char elementSeparator,
      String timestampLabel, String signatureLabel, char signedSeparator, int elementsPerKey) {
    super(name);
    this.header = header;
    this.elementSeparator = elementSeparator;
    this.timestampLabel = timestampLabel;
    this.signatureLabel = signatureLabel;
    this.signedSeparator = signedSeparator;
    this.elementsPerKey = elementsPerKey;
  }

  @Override
  public final Map<String, String> sign(
      String id, Instant timestamp, byte[] body, List<? extends SigningKey> keys) {
    Verification.requireSupported(this, keys);
    String seconds = Long.toString(timestamp.getEpochSecond());
    byte[] prefix = prefix(seconds);
    StringBuilder value = new StringBuilder(16 + keys.size() * 68)
        .append(timestampLabel).append(seconds);
    for (SigningKey key : keys) {
      value.append(elementSeparator).append(signatureLabel)
          .append(Encoding.hex(((HmacSecret) key).mac(prefix, body)));
    }
    Map<String, String> headers = new LinkedHashMap<>(2);
    headers.put(header, value.toString());
    return headers;
  }

  @Override
  public final WebhookEvent verify(
      HeaderLookup headers,
      byte[] body,
      List<? extends VerificationKey> keys,
      VerificationContext context) {
    String value = Verification.required(headers, context, header);
    String seconds = null;
    List<byte[]> candidates = new ArrayList<>(2);
    int elements = 0;
    int maxElements = elementsPerKey * context.maxSignatures() + 1;
    int start = 0;
    while (start <= value.length()) {
      int end = value.indexOf(elementSeparator, start);
      if (end < 0) {
        end = value.length();
      }
      // The timestamp and the signatures per key: anything far beyond that is hostile.
      if (++elements > maxElements) {
        throw Verification.malformed("The " + header + " header has more than " + maxElements
            + " elements");
      }
      int from = start;
      if (value.startsWith(timestampLabel, from)) {
        if (seconds != null) {
          throw Verification.malformed("The " + header + " header has more than one "
              + timestampLabel);
        }
        seconds = Ascii.trimWhitespace(value.substring(from + timestampLabel.length(), end));
      } else if (value.startsWith(signatureLabel, from)) {
        byte[] candidate = signature(value, from + signatureLabel.length(), end);
        if (candidate != null) {
          candidates.add(candidate);
        }
      }
      start = end + 1;
    }
    if (seconds == null) {
      throw Verification.malformed("The " + header + " header has no " + timestampLabel
          + " timestamp: expected " + expected());
    }
    if (candidates.isEmpty()) {
      throw Verification.malformed("The " + header + " header has no readable "
          + signatureLabel + " signature: expected " + expected());
    }
    String label = header + " " + timestampLabel;
    Instant timestamp = Verification.fresh(Verification.timestamp(seconds, label), label, context);
    return verifyHmac(header, candidates, prefix(seconds), body, keys, null, timestamp);
  }

  private String expected() {
    return timestampLabel + "<seconds>" + elementSeparator + signatureLabel + "<64 hex digits>";
  }

  private static byte @Nullable [] signature(String value, int from, int to) {
    String hex = Ascii.trimWhitespace(value.substring(from, to));
    byte[] candidate = Encoding.unhex(hex, 0, hex.length());
    return candidate != null && candidate.length == 32 ? candidate : null;
  }

  private byte[] prefix(String seconds) {
    return Verification.ascii(seconds + signedSeparator);
  }
}
