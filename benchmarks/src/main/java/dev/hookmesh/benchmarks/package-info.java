/**
 * JMH benchmarks that measure Hookmesh side by side with the libraries it replaces. Run them
 * from the shaded jar: {@code java -jar benchmarks/target/benchmarks.jar}. The same jar holds
 * {@link dev.hookmesh.benchmarks.ReceiverThroughput}, a load run against the Spring Boot
 * receiver, which has its own {@code main}.
 */
@NullMarked
package dev.hookmesh.benchmarks;

import org.jspecify.annotations.NullMarked;
