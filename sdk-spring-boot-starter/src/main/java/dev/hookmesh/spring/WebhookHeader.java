package dev.hookmesh.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a request header to a {@link WebhookListener} parameter of type {@code String} (the
 * first value, or {@code null} when absent) or {@code List<String>} (every value).
 *
 * <pre>{@code
 * @WebhookListener(endpoint = "github", events = "push")
 * void onPush(PushEvent push, @WebhookHeader("X-GitHub-Delivery") String delivery) { ... }
 * }</pre>
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WebhookHeader {

  /**
   * The header name, matched ignoring case.
   *
   * @return the name
   */
  String value();
}
