package dev.hookmesh.samples.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Secrets are sealed per endpoint, and a key that cannot be right is refused at start-up. */
class SecretCipherTest {

  private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

  @Test
  void sealsEachSecretWithAFreshNonce() {
    SecretCipher cipher = new SecretCipher(KEY);

    String first = cipher.encrypt("ep_1", "whsec_abc");
    String second = cipher.encrypt("ep_1", "whsec_abc");

    assertThat(first).isNotEqualTo(second);
    assertThat(cipher.decrypt("ep_1", first)).isEqualTo("whsec_abc");
    assertThat(cipher.decrypt("ep_1", second)).isEqualTo("whsec_abc");
  }

  @Test
  void anotherKeyCannotOpenIt() {
    String sealed = new SecretCipher(KEY).encrypt("ep_1", "whsec_abc");
    SecretCipher other = new SecretCipher(Base64.getEncoder().encodeToString(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
        17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}));

    assertThatThrownBy(() -> other.decrypt("ep_1", sealed))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageNotContaining("whsec_abc");
  }

  @Test
  void refusesAKeyOfTheWrongLength() {
    assertThatThrownBy(() -> new SecretCipher(Base64.getEncoder().encodeToString(new byte[16])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sample.secret-key must be 32 bytes (256 bits) in Base64, was 16 bytes;"
            + " generate one with: openssl rand -base64 32");
  }

  @Test
  void refusesAPlainTextValue() {
    assertThatThrownBy(() -> new SecretCipher(KEY).decrypt("ep_1", "whsec_abc"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("The secret of ep_1 is not encrypted");
  }
}
