/**
 * JMH benchmarks that measure Hookmesh side by side with the libraries it replaces. Run them
 * from the shaded jar: {@code java -jar benchmarks/target/benchmarks.jar}.
 */
@NullMarked
package dev.hookmesh.benchmarks;

import org.jspecify.annotations.NullMarked;
