/**
 * JMH benchmarks and footprint measurements for Hookmesh's sender, each beside the limit or
 * anchor it is compared with. Run them from the shaded jar; see {@code docs/benchmarks.md}.
 */
@NullMarked
package dev.hookmesh.benchmarks;

import org.jspecify.annotations.NullMarked;
