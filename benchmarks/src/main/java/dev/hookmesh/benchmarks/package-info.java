/**
 * JMH benchmarks and footprint measurements: Hookmesh beside the libraries it replaces and the
 * limits it is compared with. Run them from the shaded jar
 * ({@code java -jar benchmarks/target/benchmarks.jar}); the same jar holds
 * {@link dev.hookmesh.benchmarks.ReceiverThroughput}, a load run against the Spring Boot
 * receiver, {@link dev.hookmesh.benchmarks.DurableDeliveryThroughput}, durable delivery on an
 * embedded PostgreSQL against the in-memory store, and
 * {@link dev.hookmesh.benchmarks.OutboxComparison}, the same durable sending beside
 * db-scheduler and transaction-outbox, each with its own {@code main}. See
 * {@code docs/benchmarks.md}.
 */
@NullMarked
package dev.hookmesh.benchmarks;

import org.jspecify.annotations.NullMarked;
