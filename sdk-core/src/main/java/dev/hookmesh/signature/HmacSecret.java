package dev.hookmesh.signature;

import dev.hookmesh.internal.Encoding;
import dev.hookmesh.internal.MacPool;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A shared secret for HMAC-SHA256 signatures.
 *
 * <p>Standard Webhooks writes secrets as {@code whsec_} followed by the Base64 of the key
 * bytes; GitHub, Stripe, Slack and Shopify use the secret string's UTF-8 bytes as the key (a
 * Stripe secret starts with {@code whsec_} too, but is not decoded):
 *
 * <pre>{@code
 * HmacSecret standard = HmacSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
 * HmacSecret github = HmacSecret.ofUtf8("It's a Secret to Everybody");
 * HmacSecret fresh = HmacSecret.generate();     // 32 random bytes
 * String forTheCustomer = fresh.encode();       // "whsec_..."
 * }</pre>
 *
 * <p>The parsed key is kept ready for use: verifying does no decoding and no
 * {@code Mac.getInstance}. {@code toString()} never shows the secret; {@link #equals} compares
 * in constant time.
 */
public final class HmacSecret implements SigningKey, VerificationKey {

  /** The prefix of Standard Webhooks secrets. */
  public static final String PREFIX = "whsec_";
  /** The fewest random bytes {@link #generate(int)} accepts. */
  public static final int MIN_GENERATED_BYTES = 24;
  /** The most random bytes {@link #generate(int)} accepts. */
  public static final int MAX_GENERATED_BYTES = 64;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;
  private final MacPool macs;
  // Made on first use: only Twilio's scheme signs with HMAC-SHA1.
  private volatile @Nullable MacPool sha1Macs;
  private final int hash;

  private HmacSecret(byte[] key) {
    if (key.length == 0) {
      throw new IllegalArgumentException("An HMAC secret must not be empty");
    }
    this.key = key;
    this.macs = new MacPool(key);
    this.hash = Arrays.hashCode(macs.mac(new byte[0], new byte[0])); // a digest, not the key
  }

  /**
   * Parses a Standard Webhooks secret: {@code whsec_} and Base64, or the Base64 alone.
   *
   * @param secret the secret text
   * @return the secret
   * @throws IllegalArgumentException if the text is not Base64 after the optional prefix; the
   *     message does not repeat the text
   */
  public static HmacSecret parse(String secret) {
    Objects.requireNonNull(secret, "secret");
    String trimmed = secret.strip();
    int start = trimmed.startsWith(PREFIX) ? PREFIX.length() : 0;
    byte[] key = Encoding.unbase64(trimmed, start, trimmed.length());
    if (key == null || key.length == 0) {
      throw new IllegalArgumentException(
          "Not a Standard Webhooks secret: expected 'whsec_' followed by Base64, such as "
              + "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw (the value given is not shown)");
    }
    return new HmacSecret(key);
  }

  /**
   * A secret whose key is the UTF-8 bytes of a string, as GitHub, Stripe, Slack and Shopify
   * use them.
   *
   * @param secret the secret string, not empty
   * @return the secret
   */
  public static HmacSecret ofUtf8(String secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("An HMAC secret must not be empty");
    }
    return new HmacSecret(secret.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A secret from raw key bytes.
   *
   * @param key the key bytes, copied
   * @return the secret
   */
  public static HmacSecret of(byte[] key) {
    return new HmacSecret(key.clone());
  }

  /**
   * Generates a secret of 32 random bytes from {@link SecureRandom}.
   *
   * @return a new secret
   */
  public static HmacSecret generate() {
    return generate(32);
  }

  /**
   * Generates a secret of random bytes from {@link SecureRandom}.
   *
   * @param bytes how many, from {@value #MIN_GENERATED_BYTES} to {@value #MAX_GENERATED_BYTES}
   * @return a new secret
   */
  public static HmacSecret generate(int bytes) {
    if (bytes < MIN_GENERATED_BYTES || bytes > MAX_GENERATED_BYTES) {
      throw new IllegalArgumentException(
          "Generate between " + MIN_GENERATED_BYTES + " and " + MAX_GENERATED_BYTES
              + " bytes, not " + bytes);
    }
    byte[] key = new byte[bytes];
    RANDOM.nextBytes(key);
    return new HmacSecret(key);
  }

  /**
   * The secret in Standard Webhooks form, to hand to the other side. This is the one method
   * that reveals the key.
   *
   * @return {@code whsec_} followed by the Base64 of the key bytes
   */
  public String encode() {
    return PREFIX + Encoding.base64(key);
  }

  /**
   * How long the key is.
   *
   * @return the key length in bytes
   */
  public int length() {
    return key.length;
  }

  /** Whether {@code candidate} is this secret's key, compared in constant time. */
  boolean hasKey(byte[] candidate) {
    return MessageDigest.isEqual(key, candidate);
  }

  /** The key as UTF-8 text, for a scheme that sends it as a token (GitLab). */
  String keyText() {
    return new String(key, StandardCharsets.UTF_8);
  }

  /** HMAC-SHA256 over {@code prefix} then {@code body}. */
  byte[] mac(byte[] prefix, byte[] body) {
    return macs.mac(prefix, body);
  }

  /** HMAC-SHA1 over {@code data}, for a sender that still signs with it (Twilio). */
  byte[] macSha1(byte[] data) {
    MacPool pool = sha1Macs;
    if (pool == null) {
      pool = new MacPool(key, "HmacSHA1");
      sha1Macs = pool; // a race makes a second pool, which is harmless
    }
    return pool.mac(new byte[0], data);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HmacSecret that && MessageDigest.isEqual(key, that.key);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "HmacSecret[" + key.length + " bytes, redacted]";
  }
}
