/** The starter's implementation. Not API: anything here may change in any release. */
@NullMarked
package dev.hookmesh.spring.internal;

import org.jspecify.annotations.NullMarked;
