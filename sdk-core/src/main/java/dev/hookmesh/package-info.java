/**
 * Hookmesh's front door: verify webhooks you receive with {@link dev.hookmesh.WebhookVerifier}
 * and sign webhooks you send with {@link dev.hookmesh.WebhookSigner}.
 */
@NullMarked
package dev.hookmesh;

import org.jspecify.annotations.NullMarked;
