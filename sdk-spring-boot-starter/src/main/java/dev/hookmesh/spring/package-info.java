/**
 * Spring Boot support for receiving webhooks: configure endpoints under
 * {@code hookmesh.receiver.endpoints.<name>} and handle their events in
 * {@link dev.hookmesh.spring.WebhookListener @WebhookListener} methods.
 */
@NullMarked
package dev.hookmesh.spring;

import org.jspecify.annotations.NullMarked;
