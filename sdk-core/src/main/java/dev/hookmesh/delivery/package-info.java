/**
 * The delivery record and endpoint health: {@link dev.hookmesh.delivery.DeliveryStore} (and its
 * in-memory default), {@link dev.hookmesh.delivery.DeliveryAttempt},
 * {@link dev.hookmesh.delivery.DeliveryResult}, {@link dev.hookmesh.delivery.DeliveryListener},
 * and the per-endpoint {@link dev.hookmesh.delivery.CircuitBreaker}.
 */
@NullMarked
package dev.hookmesh.delivery;

import org.jspecify.annotations.NullMarked;
