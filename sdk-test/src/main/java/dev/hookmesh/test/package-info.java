/**
 * A test kit for webhook providers: {@link dev.hookmesh.test.WebhookTestReceiver} plays
 * customers' endpoints on loopback, recording, verifying and failing by script, and
 * {@link dev.hookmesh.test.WebhookReceiverExtension} gives one to each JUnit 5 test.
 */
@NullMarked
package dev.hookmesh.test;

import org.jspecify.annotations.NullMarked;
