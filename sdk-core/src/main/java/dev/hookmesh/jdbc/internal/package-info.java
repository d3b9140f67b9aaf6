/** SQL dialects and JDBC plumbing for {@code dev.hookmesh.jdbc}. Not API. */
@NullMarked
package dev.hookmesh.jdbc.internal;

import org.jspecify.annotations.NullMarked;
