package dev.hookmesh.signature;

import dev.hookmesh.HeaderLookup;
import dev.hookmesh.WebhookEvent;
import dev.hookmesh.internal.Ascii;
import dev.hookmesh.internal.Encoding;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Discord interactions: see {@link SignatureScheme#discord()}. */
final class DiscordScheme implements SignatureScheme {

  static final DiscordScheme INSTANCE = new DiscordScheme();

  static final String SIGNATURE = "X-Signature-Ed25519";
  static final String TIMESTAMP = "X-Signature-Timestamp";

  private DiscordScheme() {}

  @Override
  public String name() {
    return "discord";
  }

  /** The application's public key as the Discord developer portal shows it: 64 hex digits. */
  @Override
  public VerificationKey parseVerificationKey(String secret) {
    String hex = secret.strip();
    if (hex.startsWith(Ed25519PublicKey.PREFIX)) {
      return Ed25519PublicKey.parse(hex);
    }
    byte[] raw = hex.length() == 64 ? Encoding.unhex(hex, 0, hex.length()) : null;
    if (raw == null) {
      throw new IllegalArgumentException("Not a Discord public key: expected the application's"
          + " public key as 64 hex digits (the value is not shown)");
    }
    return Ed25519PublicKey.of(raw);
  }

  @Override
  public SigningKey parseSigningKey(String secret) {
    return Ed25519PrivateKey.parse(secret);
  }

  @Override
  public boolean supports(VerificationKey key) {
    return key instanceof Ed25519PublicKey || key instanceof Ed25519PrivateKey;
  }

  @Override
  public boolean supports(SigningKey key) {
    return key instanceof Ed25519PrivateKey;
  }

  @Override
  public Map<String, String> sign(
      String id, Instant timestamp, byte[] body, List<? extends SigningKey> keys) {
    Verification.requireSupported(this, keys);
    if (keys.size() > 1) {
      throw new IllegalArgumentException("Discord carries one signature per request: sign with"
          + " one key");
    }
    String seconds = Long.toString(timestamp.getEpochSecond());
    byte[] signature = ((Ed25519PrivateKey) keys.get(0))
        .sign(Verification.concat(Verification.ascii(seconds), body));
    Map<String, String> headers = new LinkedHashMap<>(4);
    headers.put(SIGNATURE, Encoding.hex(signature));
    headers.put(TIMESTAMP, seconds);
    return headers;
  }

  @Override
  public WebhookEvent verify(
      HeaderLookup headers,
      byte[] body,
      List<? extends VerificationKey> keys,
      VerificationContext context) {
    String signature = Ascii.trimWhitespace(Verification.required(headers, context, SIGNATURE));
    String seconds = Ascii.trimWhitespace(Verification.required(headers, context, TIMESTAMP));
    byte[] candidate = signature.length() == 128
        ? Encoding.unhex(signature, 0, signature.length()) : null;
    if (candidate == null) {
      throw Verification.malformed("The " + SIGNATURE + " header must be 128 hex digits");
    }
    Instant timestamp = Verification.fresh(
        Verification.timestamp(seconds, TIMESTAMP), TIMESTAMP, context);
    int matched = Verification.match(keys, Verification.ascii(seconds), body, List.of(),
        List.of(candidate));
    if (matched < 0) {
      throw Verification.noMatch(SIGNATURE, keys.size(), null);
    }
    return new WebhookEvent(null, timestamp, body, name(), matched);
  }

  @Override
  public String toString() {
    return "SignatureScheme[discord]";
  }
}
