package dev.hookmesh.spring.internal;

import org.jspecify.annotations.Nullable;

/**
 * What to answer a webhook request: a status and, for errors, an RFC 9457 problem document.
 *
 * @param status the HTTP status
 * @param problem the {@code application/problem+json} body, or {@code null} for no body
 */
public record WebhookResponse(int status, byte @Nullable [] problem) {

  /** The media type of {@link #problem()}. */
  public static final String PROBLEM_JSON = "application/problem+json";
}
