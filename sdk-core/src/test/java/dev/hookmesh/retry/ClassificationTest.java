package dev.hookmesh.retry;

import static dev.hookmesh.retry.Outcomes.error;
import static dev.hookmesh.retry.Outcomes.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClassificationTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "200, SUCCESS", "201, SUCCESS", "204, SUCCESS", "299, SUCCESS",
    "301, RETRYABLE", "302, RETRYABLE", "304, RETRYABLE", "307, RETRYABLE",
    "400, RETRYABLE", "401, RETRYABLE", "403, RETRYABLE", "404, RETRYABLE",
    "408, RETRYABLE", "409, RETRYABLE", "410, GONE", "413, RETRYABLE",
    "422, RETRYABLE", "425, RETRYABLE", "429, RETRYABLE",
    "500, RETRYABLE", "502, RETRYABLE", "503, RETRYABLE", "504, RETRYABLE", "599, RETRYABLE",
    "100, RETRYABLE"
  })
  void classifiesStatusByDefault(int status, Classification expected) {
    assertThat(status(status).classification()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "200, SUCCESS", "204, SUCCESS", "302, RETRYABLE",
    "400, STOP", "401, STOP", "403, STOP", "404, STOP", "409, STOP", "413, STOP", "422, STOP",
    "408, RETRYABLE", "425, RETRYABLE", "429, RETRYABLE", "410, GONE", "500, RETRYABLE", "503, RETRYABLE"
  })
  void stopsOnOtherClientErrorsWhenConfigured(int status, Classification expected) {
    assertThat(status(status).classification(ClientErrorHandling.STOP)).isEqualTo(expected);
  }

  @Test
  void retryingOtherClientErrorsIsTheDefault() {
    assertThat(status(404).classification(ClientErrorHandling.RETRY))
        .isEqualTo(status(404).classification())
        .isEqualTo(Classification.RETRYABLE);
  }

  static Stream<Throwable> networkErrors() {
    return Stream.of(
        new SocketTimeoutException("timeout"),
        new InterruptedIOException("call timed out"),
        new SocketException("Connection reset"),
        new ConnectException("Connection refused"),
        new UnknownHostException("no.such.host"),
        new IOException("unexpected end of stream"));
  }

  @ParameterizedTest
  @MethodSource("networkErrors")
  void retriesOnNetworkErrors(Throwable networkError) {
    assertThat(error(networkError).classification()).isEqualTo(Classification.RETRYABLE);
  }

  @ParameterizedTest
  @MethodSource("networkErrors")
  void retriesOnNetworkErrorsEvenWhenClientErrorsStop(Throwable networkError) {
    assertThat(error(networkError).classification(ClientErrorHandling.STOP)).isEqualTo(Classification.RETRYABLE);
  }

  @Test
  void retriesOnUnexpectedRuntimeException() {
    assertThat(error(new IllegalStateException("bug")).classification()).isEqualTo(Classification.RETRYABLE);
  }

  @Test
  void stopsOnNonRetryableException() {
    assertThat(error(new RefusedAddressException()).classification()).isEqualTo(Classification.STOP);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void stopsOnNonRetryableExceptionWrappedInCauses(int depth) {
    Throwable error = new RefusedAddressException();
    for (int i = 0; i < depth; i++) {
      error = new IOException("wrapped", error);
    }
    assertThat(error(error).classification()).isEqualTo(Classification.STOP);
  }

  @Test
  void survivesCyclicCauseChain() {
    IOException first = new IOException("first");
    IOException second = new IOException("second", first);
    first.initCause(second);
    assertThat(error(first).classification()).isEqualTo(Classification.RETRYABLE);
  }

  /** Stands in for the SSRF guard's refusal. */
  static final class RefusedAddressException extends UnknownHostException implements NonRetryableException {
    RefusedAddressException() {
      super("169.254.169.254 is a link-local address");
    }
  }
}
