package dev.hookmesh.signature;

/**
 * A key that checks signatures: an {@link HmacSecret}, an {@link Ed25519PublicKey}, or an
 * {@link Ed25519PrivateKey} (which verifies with its public half). Its {@code toString()} never
 * shows key material.
 */
public sealed interface VerificationKey permits HmacSecret, Ed25519PublicKey, Ed25519PrivateKey {}
