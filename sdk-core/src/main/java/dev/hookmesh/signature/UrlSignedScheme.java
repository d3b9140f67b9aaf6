package dev.hookmesh.signature;

import dev.hookmesh.HeaderLookup;
import dev.hookmesh.internal.Encoding;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The schemes that sign the URL a request is posted to (Twilio, Square): they cannot sign
 * without one, and verify only with the URL in the {@link VerificationContext}.
 */
abstract class UrlSignedScheme extends HmacUtf8Scheme {

  UrlSignedScheme(String name) {
    super(name);
  }

  @Override
  public final boolean signsRequestUrl() {
    return true;
  }

  @Override
  public final Map<String, String> sign(
      String id, Instant timestamp, byte[] body, List<? extends SigningKey> keys) {
    throw new IllegalArgumentException("The " + name() + " scheme signs the URL the request is"
        + " posted to: sign with WebhookSigner.signFor(requestUrl, id, body), or give the"
        + " signer's builder a requestUrl");
  }

  @Override
  public abstract Map<String, String> sign(String requestUrl, String id, Instant timestamp,
      byte[] body, List<? extends SigningKey> keys);

  /**
   * The one Base64 signature in a header, as raw bytes.
   *
   * @param header the header's name
   * @param length how many bytes the MAC has
   * @param mac the MAC's name, for the message
   */
  static byte[] base64Signature(HeaderLookup headers, VerificationContext context, String header,
      int length, String mac) {
    String signature = Verification.required(headers, context, header);
    byte[] candidate = Encoding.unbase64(signature, 0, signature.length());
    if (candidate == null || candidate.length != length) {
      throw Verification.malformed("The " + header + " header must be the Base64 of a " + length
          + "-byte " + mac);
    }
    return candidate;
  }
}
