/**
 * Spring Boot support for receiving webhooks: configure endpoints under
 * {@code hookmesh.receiver.endpoints.<name>} and handle their events in
 * {@link dev.hookmesh.spring.WebhookListener @WebhookListener} methods. And for sending them:
 * an auto-configured {@link dev.hookmesh.WebhookClient} built from {@code hookmesh.sender.*},
 * with a health indicator and metrics.
 */
@NullMarked
package dev.hookmesh.spring;

import org.jspecify.annotations.NullMarked;
