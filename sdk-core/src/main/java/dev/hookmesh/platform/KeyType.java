package dev.hookmesh.platform;

/** How an endpoint's webhooks are signed, as Standard Webhooks defines. */
public enum KeyType {
  /** HMAC-SHA256 ({@code v1}) with a shared secret, {@code whsec_...}: what most receivers use. */
  HMAC,
  /**
   * Ed25519 ({@code v1a}): signed with a private key that never leaves the provider; the
   * receiver verifies with the public key, {@code whpk_...}.
   */
  ED25519
}
