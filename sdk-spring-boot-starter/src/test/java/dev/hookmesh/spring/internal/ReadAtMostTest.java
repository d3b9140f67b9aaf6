package dev.hookmesh.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The servlet body reader takes the declared length as a hint only. */
class ReadAtMostTest {

  @ParameterizedTest(name = "{0} bytes declared as {1}, limit {2}")
  @CsvSource({
      "0, 0, 64",
      "0, -1, 64",
      "10, 10, 64",
      "10, -1, 64",
      "10, 20, 64",     // fewer bytes than declared
      "40, 10, 64",     // more than declared (a sender that under-declares)
      "64, 64, 64",
      "64, -1, 64",
      "64, 10, 64",
      "20000, -1, 30000",
      "20000, 100, 30000",
  })
  void readsTheWholeStreamWithinTheLimit(int size, int declared, int max) throws IOException {
    byte[] body = body(size);

    assertThat(ServletWebhookHandler.readAtMost(trickle(body), max, declared)).isEqualTo(body);
  }

  @ParameterizedTest(name = "{0} bytes declared as {1}, limit {2}")
  @CsvSource({
      "65, -1, 64",
      "65, 64, 64",
      "65, 10, 64",
      "30001, -1, 30000",
      "30001, 30000, 30000",
  })
  void refusesAStreamOverTheLimit(int size, int declared, int max) throws IOException {
    assertThat(ServletWebhookHandler.readAtMost(trickle(body(size)), max, declared)).isNull();
  }

  private static byte[] body(int size) {
    byte[] body = new byte[size];
    Arrays.fill(body, (byte) 'x');
    if (size > 0) {
      body[size - 1] = 'y';
    }
    return body;
  }

  /** A stream that hands out at most 7 bytes a read, as a network stream may. */
  private static InputStream trickle(byte[] body) {
    return new ByteArrayInputStream(body) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 7));
      }
    };
  }
}
