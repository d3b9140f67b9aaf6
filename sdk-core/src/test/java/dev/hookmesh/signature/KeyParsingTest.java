package dev.hookmesh.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Keys in every form found in the wild parse; broken ones fail without echoing the value. */
class KeyParsingTest {

  private static final String PUBLISHED_SECRET_KEY =
      "whsk_6Xb/dCcHpPea21PS1N9VY/NZW723CEc77N4rJCubMbfVKIDij2HKpMKkioLlX0dRqSKJp4AJ6p9lMicMFs6Kvg==";
  private static final String PUBLISHED_PUBLIC_KEY = "whpk_1SiA4o9hyqTCpIqC5V9HUakiiaeACeqfZTInDBbOir4=";

  @Test
  void parsesWhsecWithAndWithoutPrefix() {
    HmacSecret prefixed = HmacSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    HmacSecret bare = HmacSecret.parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

    assertThat(prefixed).isEqualTo(bare).hasSameHashCodeAs(bare);
    assertThat(prefixed.length()).isEqualTo(24);
    assertThat(prefixed.encode()).isEqualTo("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  }

  @Test
  void generatesSecretsOfTheRequestedLengthFromSecureRandom() {
    HmacSecret first = HmacSecret.generate();
    HmacSecret second = HmacSecret.generate(64);

    assertThat(first.length()).isEqualTo(32);
    assertThat(second.length()).isEqualTo(64);
    assertThat(first).isNotEqualTo(HmacSecret.generate());
    assertThat(HmacSecret.parse(second.encode())).isEqualTo(second);
    assertThatIllegalArgumentException().isThrownBy(() -> HmacSecret.generate(23));
    assertThatIllegalArgumentException().isThrownBy(() -> HmacSecret.generate(65));
  }

  @Test
  void rejectsAnUnparsableSecretWithoutEchoingIt() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HmacSecret.parse("whsec_not*base64*at*all"))
        .withMessageContaining("whsec_")
        .withMessageNotContaining("not*base64");
    assertThatIllegalArgumentException().isThrownBy(() -> HmacSecret.parse("whsec_"));
    assertThatIllegalArgumentException().isThrownBy(() -> HmacSecret.ofUtf8(""));
  }

  @Test
  void neverPrintsKeyMaterial() {
    HmacSecret secret = HmacSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    Ed25519PrivateKey privateKey = Ed25519PrivateKey.parse(PUBLISHED_SECRET_KEY);

    assertThat(secret.toString()).doesNotContain("MfKQ9r8").contains("redacted");
    assertThat(privateKey.toString()).doesNotContain("6Xb/").contains("redacted");
    assertThat(privateKey.publicKey().toString()).doesNotContain("1SiA4o9h");
  }

  @Test
  void parsesEd25519PrivateKeyAsSeedOrSeedAndPublicKey() {
    byte[] both = Base64.getDecoder().decode(PUBLISHED_SECRET_KEY.substring(5));
    Ed25519PrivateKey fromBoth = Ed25519PrivateKey.parse(PUBLISHED_SECRET_KEY);
    Ed25519PrivateKey fromSeed = Ed25519PrivateKey.parse(
        "whsk_" + Base64.getEncoder().encodeToString(Arrays.copyOf(both, 32)));

    assertThat(fromSeed).isEqualTo(fromBoth);
    assertThat(fromSeed.publicKey()).isEqualTo(Ed25519PublicKey.parse(PUBLISHED_PUBLIC_KEY));
    assertThat(fromBoth.encode()).isEqualTo(PUBLISHED_SECRET_KEY);
  }

  @Test
  void parsesJdkGeneratedKeysInPkcs8AndX509Form() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    String pkcs8 = "whsk_" + Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
    String x509 = "whpk_" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());

    Ed25519PrivateKey privateKey = Ed25519PrivateKey.parse(pkcs8);
    Ed25519PublicKey publicKey = Ed25519PublicKey.parse(x509);

    assertThat(pair.getPublic().getEncoded()).hasSize(44);
    assertThat(privateKey.publicKey()).isEqualTo(publicKey);
  }

  @Test
  void rejectsSixtyFourByteKeyWhosePublicHalfDoesNotBelongToTheSeed() {
    byte[] both = Base64.getDecoder().decode(PUBLISHED_SECRET_KEY.substring(5));
    both[40] ^= 1;

    assertThatIllegalArgumentException()
        .isThrownBy(() -> Ed25519PrivateKey.parse("whsk_" + Base64.getEncoder().encodeToString(both)))
        .withMessageContaining("corrupt");
  }

  @Test
  void rejectsKeysOfOtherShapes() {
    assertThatIllegalArgumentException().isThrownBy(() -> Ed25519PublicKey.parse("whpk_AAAA"));
    assertThatIllegalArgumentException().isThrownBy(() -> Ed25519PrivateKey.parse("whsk_AAAA"));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Ed25519PublicKey.parse("whpk_" + "A".repeat(60) + "=="));
    assertThatIllegalArgumentException().isThrownBy(() -> Ed25519PublicKey.of(new byte[31]));
  }

  @Test
  void standardWebhooksSchemeReadsEveryKeyPrefix() {
    SignatureScheme scheme = SignatureScheme.standardWebhooks();

    assertThat(scheme.parseVerificationKey("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        .isInstanceOf(HmacSecret.class);
    assertThat(scheme.parseVerificationKey(PUBLISHED_PUBLIC_KEY)).isInstanceOf(Ed25519PublicKey.class);
    assertThat(scheme.parseVerificationKey(PUBLISHED_SECRET_KEY)).isInstanceOf(Ed25519PrivateKey.class);
    assertThat(scheme.parseSigningKey(PUBLISHED_SECRET_KEY)).isInstanceOf(Ed25519PrivateKey.class);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> scheme.parseSigningKey(PUBLISHED_PUBLIC_KEY))
        .withMessageContaining("whsk_");
  }

  @Test
  void providerSchemesUseTheWholeSecretStringAsUtf8() {
    String stripeSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    assertThat(SignatureScheme.stripe().parseVerificationKey(stripeSecret))
        .isEqualTo(HmacSecret.ofUtf8(stripeSecret))
        .isNotEqualTo(HmacSecret.parse(stripeSecret));
  }

  @Test
  void findsBuiltInSchemesByName() {
    assertThat(SignatureScheme.named("GitHub")).isSameAs(SignatureScheme.github());
    assertThat(SignatureScheme.named("svix")).isSameAs(SignatureScheme.standardWebhooks());
    assertThat(SignatureScheme.named("standard-webhooks").name()).isEqualTo("standard-webhooks");
    assertThatIllegalArgumentException().isThrownBy(() -> SignatureScheme.named("paypal"))
        .withMessageContaining("github");
  }
}
