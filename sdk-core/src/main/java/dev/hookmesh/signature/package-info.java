/**
 * Wire formats for webhook signatures: {@link dev.hookmesh.signature.SignatureScheme} and its
 * built-ins (Standard Webhooks, GitHub, Stripe, Slack, Shopify), and the keys they sign and
 * verify with.
 */
@NullMarked
package dev.hookmesh.signature;

import org.jspecify.annotations.NullMarked;
