package dev.hookmesh.benchmarks;

import dev.hookmesh.WebhookSigner;
import dev.hookmesh.WebhookVerifier;
import dev.hookmesh.signature.Ed25519PrivateKey;
import dev.hookmesh.signature.HmacSecret;
import dev.hookmesh.signature.SignatureScheme;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Signing and verifying a 1 KiB JSON body on one thread: Hookmesh against
 * {@code com.standardwebhooks}, {@code com.svix}, {@code stripe-java}, and the physical limit,
 * a bare HMAC-SHA256 with a {@link Mac} initialised once. Ed25519 ({@code v1a}) is measured with
 * Bouncy Castle (what Hookmesh uses) against the JDK's own provider.
 *
 * <p>The anchors check timestamps against the system clock, so every iteration re-signs its
 * inputs at the current time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SignatureBenchmark {

  private static final String ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";

  private String payload = "";
  private byte[] body = new byte[0];
  private String secret = "";
  private String stripeSecret = "";

  private WebhookVerifier hookmeshVerifier = WebhookVerifier.builder().key(HmacSecret.generate()).build();
  private WebhookSigner hookmeshSigner = WebhookSigner.builder().key(HmacSecret.generate()).build();
  private WebhookVerifier hookmeshStripeVerifier = hookmeshVerifier;
  private WebhookSigner hookmeshStripeSigner = hookmeshSigner;
  private com.standardwebhooks.Webhook standardWebhooks;
  private com.svix.Webhook svix;

  private Map<String, String> signedHeaders = Map.of();
  private Map<String, List<String>> signedHeaderLists = Map.of();
  private String stripeHeader = "";
  private long timestamp;

  private Mac bareMac;
  private byte[] barePrefix = new byte[0];

  private WebhookVerifier ed25519Verifier = hookmeshVerifier;
  private WebhookSigner ed25519Signer = hookmeshSigner;
  private Map<String, String> ed25519Headers = Map.of();
  private Signature jdkSigner;
  private Signature jdkVerifier;
  private byte[] jdkSignature = new byte[0];
  private byte[] signedContent = new byte[0];

  /** Builds the inputs once per trial. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    payload = Payloads.json(1024);
    body = payload.getBytes(StandardCharsets.UTF_8);
    HmacSecret hmac = HmacSecret.generate();
    secret = hmac.encode();
    stripeSecret = "whsec_" + HmacSecret.generate().encode().substring(6);

    hookmeshVerifier = WebhookVerifier.builder().key(secret).build();
    hookmeshSigner = WebhookSigner.builder().key(secret).build();
    hookmeshStripeVerifier =
        WebhookVerifier.builder().scheme(SignatureScheme.stripe()).key(stripeSecret).build();
    hookmeshStripeSigner =
        WebhookSigner.builder().scheme(SignatureScheme.stripe()).key(stripeSecret).build();
    standardWebhooks = new com.standardwebhooks.Webhook(secret);
    svix = new com.svix.Webhook(secret);

    bareMac = Mac.getInstance("HmacSHA256");
    bareMac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));

    Ed25519PrivateKey ed25519 = Ed25519PrivateKey.generate();
    ed25519Signer = WebhookSigner.builder().key(ed25519).build();
    ed25519Verifier = WebhookVerifier.builder().key(ed25519.publicKey()).build();

    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    jdkSigner = Signature.getInstance("Ed25519");
    jdkSigner.initSign(pair.getPrivate());
    jdkVerifier = Signature.getInstance("Ed25519");
    jdkVerifier.initVerify(pair.getPublic());
  }

  /** Re-signs at the current time so that every library's tolerance check passes. */
  @Setup(Level.Iteration)
  public void signNow() throws Exception {
    timestamp = Instant.now().getEpochSecond();
    signedHeaders = hookmeshSigner.sign(ID, body);
    signedHeaderLists = Map.of(
        "webhook-id", List.of(signedHeaders.get("webhook-id")),
        "webhook-timestamp", List.of(signedHeaders.get("webhook-timestamp")),
        "webhook-signature", List.of(signedHeaders.get("webhook-signature")));
    stripeHeader = hookmeshStripeSigner.sign(ID, body).get("Stripe-Signature");
    barePrefix = (ID + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
    ed25519Headers = ed25519Signer.sign(ID, body);
    signedContent = (ID + "." + timestamp + "." + payload).getBytes(StandardCharsets.UTF_8);
    jdkSigner.update(signedContent);
    jdkSignature = jdkSigner.sign();
  }

  // ---- Standard Webhooks v1 (HMAC-SHA256): verify ----

  @Benchmark
  public Object verifyHookmesh() {
    return hookmeshVerifier.verify(signedHeaders, body);
  }

  @Benchmark
  public Object verifyStandardWebhooksLibrary() throws Exception {
    standardWebhooks.verify(payload, signedHeaderLists);
    return standardWebhooks;
  }

  @Benchmark
  public Object verifySvix() throws Exception {
    svix.verify(payload, signedHeaderLists);
    return svix;
  }

  /** The limit: one HMAC over the same bytes with a ready {@link Mac}, no parsing or compare. */
  @Benchmark
  public byte[] bareHmacSha256() {
    bareMac.update(barePrefix);
    bareMac.update(body);
    return bareMac.doFinal();
  }

  // ---- Standard Webhooks v1: sign ----

  @Benchmark
  public Object signHookmesh() {
    return hookmeshSigner.sign(ID, body);
  }

  @Benchmark
  public Object signStandardWebhooksLibrary() throws Exception {
    return standardWebhooks.sign(ID, timestamp, payload);
  }

  @Benchmark
  public Object signSvix() throws Exception {
    return svix.sign(ID, timestamp, payload);
  }

  // ---- Stripe scheme ----

  @Benchmark
  public Object verifyStripeHookmesh() {
    return hookmeshStripeVerifier.verify(Map.of("Stripe-Signature", stripeHeader), body);
  }

  @Benchmark
  public boolean verifyStripeJava() throws Exception {
    return com.stripe.net.Webhook.Signature.verifyHeader(payload, stripeHeader, stripeSecret, 300);
  }

  @Benchmark
  public Object signStripeHookmesh() {
    return hookmeshStripeSigner.sign(ID, body);
  }

  @Benchmark
  public Object signStripeJava() throws Exception {
    return com.stripe.net.Webhook.Signature.generateSignatureHeader(payload, stripeSecret, timestamp);
  }

  // ---- Standard Webhooks v1a (Ed25519) ----

  @Benchmark
  public Object verifyEd25519Hookmesh() {
    return ed25519Verifier.verify(ed25519Headers, body);
  }

  @Benchmark
  public Object signEd25519Hookmesh() {
    return ed25519Signer.sign(ID, body);
  }

  @Benchmark
  public boolean verifyEd25519Jdk() throws Exception {
    jdkVerifier.update(signedContent);
    return jdkVerifier.verify(jdkSignature);
  }

  @Benchmark
  public byte[] signEd25519Jdk() throws Exception {
    jdkSigner.update(signedContent);
    return jdkSigner.sign();
  }
}
