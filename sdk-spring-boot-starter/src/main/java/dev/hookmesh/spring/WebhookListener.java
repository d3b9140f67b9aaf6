package dev.hookmesh.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks a bean method that handles verified webhooks received on a configured endpoint.
 *
 * <pre>{@code
 * @Component
 * class Billing {
 *   @WebhookListener(endpoint = "billing", events = {"invoice.paid", "customer.*"})
 *   void on(InvoiceEvent event, WebhookEvent webhook) { ... }
 * }
 * }</pre>
 *
 * <p>The method is called only after the signature was verified. Its parameters, in any order:
 *
 * <ul>
 *   <li>one payload parameter of any other type (a record, a POJO, a {@code Map}), bound from
 *       the JSON body by the application's {@code JsonMapper};
 *   <li>{@code tools.jackson.databind.JsonNode}, the body as a tree;
 *   <li>{@code byte[]} or {@code String}, the raw body (the text decoded as UTF-8);
 *   <li>{@link dev.hookmesh.WebhookEvent}, with the message id, signed timestamp and matching
 *       key;
 *   <li>{@link dev.hookmesh.HeaderLookup}, every request header;
 *   <li>a {@code String} or {@code List<String>} annotated with {@link WebhookHeader};
 *   <li>a {@code String} annotated with {@link WebhookEventType}, the event type.
 * </ul>
 *
 * <p>When several listeners match one event, all are called, one after the other: by
 * {@link org.springframework.core.annotation.Order @Order} on the method, else the bean's
 * {@code @Order} or {@link org.springframework.core.Ordered}, then in bean registration order,
 * then by method name. If one throws, the rest are not called, the request is answered 500 so
 * that the sender retries, and the message id is not remembered: the retry calls every
 * listener again, so listeners should be idempotent. A method with a wrong signature or an
 * unknown endpoint fails the application's start-up, as does one on a bean that is not a
 * singleton.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective
public @interface WebhookListener {

  /**
   * The name of the endpoint, as configured under {@code hookmesh.receiver.endpoints.<name>}.
   *
   * @return the endpoint name
   */
  String endpoint();

  /**
   * The event types handled, as exact names or glob patterns where {@code *} matches any run of
   * characters: {@code invoice.paid}, {@code customer.*}, {@code *}. All events by default.
   *
   * @return the event type patterns
   */
  String[] events() default {"*"};

  /**
   * For an endpoint that processes through the inbox, a JSON pointer into the body, such as
   * {@code /data/object/id}, whose value orders the endpoint's events: those with the same
   * value are processed one at a time, in the order they arrived. The same as the endpoint's
   * {@code ordering-key}, which wins when both are set; every listener of an endpoint that names
   * one must name the same, and an endpoint that processes inline fails start-up with it.
   * None by default.
   *
   * @return the pointer, or empty for none
   */
  String orderingKey() default "";
}
