package dev.hookmesh.signature;

/** Paddle Billing: see {@link SignatureScheme#paddle()}. */
final class PaddleScheme extends TimestampedHmacScheme {

  static final PaddleScheme INSTANCE = new PaddleScheme();

  private PaddleScheme() {
    // ts=<seconds>;h1=<hex>[;h1=<hex> while a secret rotates], over ts:body.
    super("paddle", "Paddle-Signature", ';', "ts=", "h1=", ':', 1);
  }
}
