/**
 * Turning event objects into the bytes a webhook carries: {@link dev.hookmesh.json.PayloadCodec},
 * Jackson 3 by default.
 */
@NullMarked
package dev.hookmesh.json;

import org.jspecify.annotations.NullMarked;
