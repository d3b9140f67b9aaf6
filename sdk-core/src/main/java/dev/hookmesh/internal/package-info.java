/**
 * Implementation details shared by Hookmesh's packages. Not API: anything here may change in
 * any release without notice.
 */
@NullMarked
package dev.hookmesh.internal;

import org.jspecify.annotations.NullMarked;
