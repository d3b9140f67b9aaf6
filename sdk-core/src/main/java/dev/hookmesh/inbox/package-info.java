/**
 * Receiving durably: a verified webhook is stored in an inbox, acknowledged, and processed in the
 * background with retries, dead letters and, where asked, per-key ordering, on the same queue
 * engine the sender runs on. {@link dev.hookmesh.inbox.WebhookInbox} is the front door;
 * {@link dev.hookmesh.inbox.InboxStore} is where events live, in memory or in the application's
 * database.
 */
@NullMarked
package dev.hookmesh.inbox;

import org.jspecify.annotations.NullMarked;
