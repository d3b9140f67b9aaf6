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

  @ParameterizedTest
  @ValueSource(strings = {"\uFF10\uFF10", "\uFF41\uFF41", "\uFF21\uFF21", "\u0660\u0660",
      "\u06F0\u06F0", "\u0966\u0966", "\uFF10a", "a\u0660", "0g", "g0", "0 ", " 0", "0x"})
  void refusesWhatIsNotAsciiHex(String text) {
    assertThat(Encoding.unhex(text, 0, text.length())).isNull();
  }

  @Test
  void decodesAsciiHexInEitherCase() {
    assertThat(Encoding.unhex("00ffFFa0A09f", 0, 12))
        .containsExactly(0x00, 0xff, 0xff, 0xa0, 0xa0, 0x9f);
    for (char c = 0; c < 0x10000 - 1; c++) {
      boolean ascii = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
      assertThat(Encoding.hexDigit(c) >= 0).as("U+%04X", (int) c).isEqualTo(ascii);
    }
  }
}
