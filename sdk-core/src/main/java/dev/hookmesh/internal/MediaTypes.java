package dev.hookmesh.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.MediaType;
import org.jspecify.annotations.Nullable;

/**
 * Parsed content types, remembered: OkHttp parses a media type with a regular expression, which
 * costs more than signing the body, and a sender uses the same two or three types for every
 * message. The cache is bounded, so arbitrary types from callers cannot grow it without limit.
 */
public final class MediaTypes {

  private static final int MAX_CACHED = 64;
  private static final Map<String, MediaType> CACHE = new ConcurrentHashMap<>();

  private MediaTypes() {}

  /**
   * The media type a {@code Content-Type} value names.
   *
   * @param contentType the value, such as {@code application/json}
   * @return the media type, or {@code null} if the value is not one
   */
  public static @Nullable MediaType parse(String contentType) {
    MediaType cached = CACHE.get(contentType);
    if (cached != null) {
      return cached;
    }
    MediaType parsed = MediaType.parse(contentType);
    if (parsed != null && CACHE.size() < MAX_CACHED) {
      CACHE.putIfAbsent(contentType, parsed);
    }
    return parsed;
  }

  /**
   * The media type of a value already known to be valid.
   *
   * @param contentType the value
   * @return the media type
   * @throws IllegalArgumentException if it is not one
   */
  public static MediaType get(String contentType) {
    MediaType mediaType = parse(contentType);
    if (mediaType == null) {
      throw new IllegalArgumentException("Not a content type: " + contentType);
    }
    return mediaType;
  }
}
