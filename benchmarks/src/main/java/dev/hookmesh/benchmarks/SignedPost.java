package dev.hookmesh.benchmarks;

import dev.hookmesh.WebhookSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * The HTTP work an anchor's task does for one message, the same Hookmesh does: sign the body
 * with the Standard Webhooks headers and POST it to the receiver through one shared OkHttp
 * client, on the task's own thread. Any status but 2xx throws, so the library records a failure
 * and retries the message later.
 */
final class SignedPost implements AutoCloseable {

  private final OkHttpClient okHttp;
  private final WebhookSigner signer = Senders.signer();
  private final String url;

  SignedPost(String url, int concurrency) {
    this.url = url;
    this.okHttp = Senders.bareOkHttp(concurrency);
  }

  /** Posts a message; returns once the receiver has answered 2xx. */
  void post(String messageId, byte[] body) {
    try (Response response =
        okHttp.newCall(Senders.signedRequest(url, signer, messageId, body)).execute()) {
      if (!response.isSuccessful()) {
        throw new IllegalStateException("HTTP " + response.code() + " for " + messageId);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    Senders.shutDown(okHttp);
  }
}
