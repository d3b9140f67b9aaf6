/**
 * Hookmesh's state in your own database over plain JDBC: {@link dev.hookmesh.jdbc.JdbcReplayGuard}
 * for receivers that run as several instances, and the schema both need
 * ({@link dev.hookmesh.jdbc.JdbcSchema}). PostgreSQL and H2 are supported.
 */
@NullMarked
package dev.hookmesh.jdbc;

import org.jspecify.annotations.NullMarked;
