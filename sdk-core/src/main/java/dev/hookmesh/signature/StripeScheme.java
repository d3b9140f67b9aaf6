package dev.hookmesh.signature;

/** Stripe: see {@link SignatureScheme#stripe()}. */
final class StripeScheme extends TimestampedHmacScheme {

  static final StripeScheme INSTANCE = new StripeScheme();

  private StripeScheme() {
    // v1= per key, and the v0= test-mode signatures Stripe may add beside them.
    super("stripe", "Stripe-Signature", ',', "t=", "v1=", '.', 2);
  }
}
