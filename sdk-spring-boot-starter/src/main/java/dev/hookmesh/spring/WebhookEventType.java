package dev.hookmesh.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds the event type, as read from the endpoint's {@code event-type} sources, to a
 * {@link WebhookListener} parameter of type {@code String}; empty when no source gives one.
 *
 * <pre>{@code
 * @WebhookListener(endpoint = "billing", events = "customer.*")
 * void onCustomer(@WebhookEventType String type, JsonNode event) { ... }
 * }</pre>
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WebhookEventType {}
