/**
 * The dispatcher that runs delivery attempts and the OkHttp transport under it. Not API:
 * anything here may change in any release without notice.
 */
@NullMarked
package dev.hookmesh.delivery.internal;

import org.jspecify.annotations.NullMarked;
