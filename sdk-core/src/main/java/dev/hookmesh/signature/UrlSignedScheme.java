package dev.hookmesh.signature;

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
}
