package dev.hookmesh.signature;

import dev.hookmesh.HeaderLookup;
import dev.hookmesh.WebhookEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GitLab: see {@link SignatureScheme#gitlab()}. */
final class GitLabScheme extends HmacUtf8Scheme {

  static final GitLabScheme INSTANCE = new GitLabScheme();

  static final String TOKEN = "X-Gitlab-Token";
  static final String EVENT_ID = "X-Gitlab-Event-UUID";
  /** GitLab's secret tokens are short; anything this long is not one. */
  private static final int MAX_TOKEN_CHARS = 1_024;

  private GitLabScheme() {
    super("gitlab");
  }

  @Override
  public Map<String, String> sign(
      String id, Instant timestamp, byte[] body, List<? extends SigningKey> keys) {
    HmacSecret key = onlyKey(keys);
    Map<String, String> headers = new LinkedHashMap<>(4);
    headers.put(EVENT_ID, id);
    headers.put(TOKEN, key.keyText());
    return headers;
  }

  /** The token must be one of the keys, compared in constant time; nothing is signed. */
  @Override
  public WebhookEvent verify(
      HeaderLookup headers,
      byte[] body,
      List<? extends VerificationKey> keys,
      VerificationContext context) {
    String token = Verification.required(headers, context, TOKEN);
    String id = Verification.optional(headers, context, EVENT_ID);
    if (token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
      throw Verification.malformed("The " + TOKEN + " header must hold the webhook's secret"
          + " token, 1 to " + MAX_TOKEN_CHARS + " characters");
    }
    byte[] candidate = Verification.utf8(token);
    for (int k = 0; k < keys.size(); k++) {
      if (keys.get(k) instanceof HmacSecret secret && secret.hasKey(candidate)) {
        return new WebhookEvent(id, null, body, name(), k);
      }
    }
    throw Verification.noMatch(TOKEN, keys.size(), null);
  }
}
