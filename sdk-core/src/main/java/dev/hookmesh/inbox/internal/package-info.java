/** The inbox on the queue engine. Not API: anything here may change in any release. */
@NullMarked
package dev.hookmesh.inbox.internal;

import org.jspecify.annotations.NullMarked;
