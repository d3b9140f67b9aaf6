package dev.hookmesh.signature;

/**
 * A key that produces signatures: an {@link HmacSecret} (shared secret) or an
 * {@link Ed25519PrivateKey}. Its {@code toString()} never shows key material.
 */
public sealed interface SigningKey permits HmacSecret, Ed25519PrivateKey {}
