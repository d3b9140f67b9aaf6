package dev.hookmesh.signature;

import static dev.hookmesh.signature.Verification.malformed;

import dev.hookmesh.HeaderLookup;
import dev.hookmesh.WebhookEvent;
import dev.hookmesh.internal.Encoding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Standard Webhooks (and Svix): see {@link SignatureScheme#standardWebhooks()}. */
final class StandardWebhooksScheme implements SignatureScheme {

  static final StandardWebhooksScheme INSTANCE = new StandardWebhooksScheme();

  static final String ID = "webhook-id";
  static final String TIMESTAMP = "webhook-timestamp";
  static final String SIGNATURE = "webhook-signature";
  private static final String[] ID_NAMES = {ID, "svix-id"};
  private static final String[] TIMESTAMP_NAMES = {TIMESTAMP, "svix-timestamp"};
  private static final String[] SIGNATURE_NAMES = {SIGNATURE, "svix-signature"};

  private static final int HMAC_LENGTH = 32;
  private static final int ED25519_LENGTH = 64;

  private StandardWebhooksScheme() {}

  @Override
  public String name() {
    return "standard-webhooks";
  }

  @Override
  public VerificationKey parseVerificationKey(String secret) {
    String trimmed = secret.strip();
    if (trimmed.startsWith(Ed25519PublicKey.PREFIX)) {
      return Ed25519PublicKey.parse(trimmed);
    }
    if (trimmed.startsWith(Ed25519PrivateKey.PREFIX)) {
      return Ed25519PrivateKey.parse(trimmed);
    }
    return HmacSecret.parse(trimmed);
  }

  @Override
  public SigningKey parseSigningKey(String secret) {
    String trimmed = secret.strip();
    if (trimmed.startsWith(Ed25519PublicKey.PREFIX)) {
      throw new IllegalArgumentException(
          "A whpk_ public key cannot sign: sign with the matching whsk_ private key");
    }
    if (trimmed.startsWith(Ed25519PrivateKey.PREFIX)) {
      return Ed25519PrivateKey.parse(trimmed);
    }
    return HmacSecret.parse(trimmed);
  }

  @Override
  public boolean supports(VerificationKey key) {
    return true;
  }

  @Override
  public boolean supports(SigningKey key) {
    return true;
  }

  @Override
  public Map<String, String> sign(
      String id, Instant timestamp, byte[] body, List<? extends SigningKey> keys) {
    Verification.requireSupported(this, keys);
    String seconds = Long.toString(timestamp.getEpochSecond());
    byte[] prefix = prefix(id, seconds);
    StringBuilder signatures = new StringBuilder(keys.size() * 96);
    byte[] message = null;
    for (SigningKey key : keys) {
      if (signatures.length() > 0) {
        signatures.append(' ');
      }
      if (key instanceof HmacSecret secret) {
        signatures.append("v1,").append(Encoding.base64(secret.mac(prefix, body)));
      } else {
        if (message == null) {
          message = Verification.concat(prefix, body);
        }
        signatures.append("v1a,").append(Encoding.base64(((Ed25519PrivateKey) key).sign(message)));
      }
    }
    Map<String, String> headers = new LinkedHashMap<>(4);
    headers.put(ID, id);
    headers.put(TIMESTAMP, seconds);
    headers.put(SIGNATURE, signatures.toString());
    return headers;
  }

  @Override
  public WebhookEvent verify(
      HeaderLookup headers,
      byte[] body,
      List<? extends VerificationKey> keys,
      VerificationContext context) {
    String id = Verification.required(headers, context, ID_NAMES);
    String seconds = Verification.required(headers, context, TIMESTAMP_NAMES);
    String signatures = Verification.joined(headers, context, SIGNATURE_NAMES);
    Instant timestamp = Verification.fresh(Verification.timestamp(seconds, TIMESTAMP), TIMESTAMP, context);

    List<byte[]> hmac = new ArrayList<>(2);
    List<byte[]> ed25519 = new ArrayList<>(0);
    readSignatures(signatures, context.maxSignatures(), hmac, ed25519);

    int matched = Verification.match(keys, prefix(id, seconds), body, hmac, ed25519);
    if (matched < 0) {
      throw Verification.noMatch(SIGNATURE, keys.size(), mismatchHint(keys, hmac, ed25519));
    }
    return new WebhookEvent(id, timestamp, body, name(), matched);
  }

  /**
   * Splits {@code v1,<base64> v1a,<base64> ...} into decoded HMAC and Ed25519 candidates.
   * Unknown versions are skipped, as the specification asks, so that senders can add new ones.
   */
  private static void readSignatures(
      String header, int maxSignatures, List<byte[]> hmac, List<byte[]> ed25519) {
    int count = 0;
    int unreadable = 0;
    int length = header.length();
    int start = 0;
    while (start < length) {
      while (start < length && header.charAt(start) == ' ') {
        start++;
      }
      if (start == length) {
        break;
      }
      int end = header.indexOf(' ', start);
      if (end < 0) {
        end = length;
      }
      if (++count > maxSignatures) {
        throw malformed("The " + SIGNATURE + " header carries more than " + maxSignatures
            + " signatures; send one per active key");
      }
      int comma = header.indexOf(',', start);
      if (comma > start && comma < end) {
        if (isVersion(header, start, comma, "v1")) {
          byte[] candidate = Encoding.unbase64(header, comma + 1, end);
          if (candidate != null && candidate.length == HMAC_LENGTH) {
            hmac.add(candidate);
          } else {
            unreadable++;
          }
        } else if (isVersion(header, start, comma, "v1a")) {
          byte[] candidate = Encoding.unbase64(header, comma + 1, end);
          if (candidate != null && candidate.length == ED25519_LENGTH) {
            ed25519.add(candidate);
          } else {
            unreadable++;
          }
        }
      } else {
        unreadable++;
      }
      start = end;
    }
    if (hmac.isEmpty() && ed25519.isEmpty()) {
      throw malformed("The " + SIGNATURE + " header has no signature Hookmesh can read"
          + (unreadable > 0 ? " (" + unreadable + " malformed)" : "")
          + ": expected space-separated 'v1,<base64 HMAC-SHA256>' or 'v1a,<base64 Ed25519>'");
    }
  }

  private static boolean isVersion(String header, int start, int comma, String version) {
    return comma - start == version.length() && header.startsWith(version, start);
  }

  private static @Nullable String mismatchHint(
      List<? extends VerificationKey> keys, List<byte[]> hmac, List<byte[]> ed25519) {
    boolean hasHmacKey = false;
    boolean hasEd25519Key = false;
    for (VerificationKey key : keys) {
      if (key instanceof HmacSecret) {
        hasHmacKey = true;
      } else {
        hasEd25519Key = true;
      }
    }
    if (!hasHmacKey && ed25519.isEmpty()) {
      return "the request has only v1 (HMAC) signatures but only Ed25519 keys are configured; "
          + "configure the endpoint's whsec_ secret";
    }
    if (!hasEd25519Key && hmac.isEmpty()) {
      return "the request has only v1a (Ed25519) signatures but only HMAC secrets are "
          + "configured; configure the sender's whpk_ public key";
    }
    return null;
  }

  /** {@code id.seconds.} as bytes; written directly for the usual ASCII ids. */
  private static byte[] prefix(String id, String seconds) {
    int idLength = id.length();
    for (int i = 0; i < idLength; i++) {
      if (id.charAt(i) >= 0x80) {
        return Verification.utf8(id + '.' + seconds + '.');
      }
    }
    byte[] prefix = new byte[idLength + seconds.length() + 2];
    for (int i = 0; i < idLength; i++) {
      prefix[i] = (byte) id.charAt(i);
    }
    prefix[idLength] = '.';
    for (int i = 0; i < seconds.length(); i++) {
      prefix[idLength + 1 + i] = (byte) seconds.charAt(i);
    }
    prefix[prefix.length - 1] = '.';
    return prefix;
  }

  @Override
  public String toString() {
    return "SignatureScheme[standard-webhooks]";
  }
}
