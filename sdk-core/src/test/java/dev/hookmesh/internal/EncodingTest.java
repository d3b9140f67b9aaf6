package dev.hookmesh.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The in-place Base64 decoder agrees with the JDK's on every length, padded or not. */
class EncodingTest {

  @Test
  void decodesWhatTheJdkEncodesWithAndWithoutPadding() {
    SplittableRandom random = new SplittableRandom(7);
    for (int length = 1; length <= 100; length++) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      String padded = Base64.getEncoder().encodeToString(bytes);
      String unpadded = Base64.getEncoder().withoutPadding().encodeToString(bytes);

      assertThat(Encoding.unbase64(padded, 0, padded.length())).as("padded %d", length)
          .containsExactly(bytes);
      assertThat(Encoding.unbase64(unpadded, 0, unpadded.length())).as("unpadded %d", length)
          .containsExactly(bytes);
      String framed = "v1," + padded + " rest";
      assertThat(Encoding.unbase64(framed, 3, 3 + padded.length())).containsExactly(bytes);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "=", "==", "A", "A===", "AB=C", "AB=", "ABC==", "AB-_", "AB CD",
      "ÿÿÿÿ", "€AAA", "A\u0000AA", "AAAAA"})
  void refusesWhatIsNotBase64(String text) {
    assertThat(Encoding.unbase64(text, 0, text.length())).isNull();
  }
}
