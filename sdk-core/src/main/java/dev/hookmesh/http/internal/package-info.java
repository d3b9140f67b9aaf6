/**
 * Implementation details of the SSRF guard: the guarded {@code Dns}, socket factory and
 * interceptor, literal-IP parsing and CIDR ranges. Not API: anything here may change in any
 * release without notice.
 */
@NullMarked
package dev.hookmesh.http.internal;

import org.jspecify.annotations.NullMarked;
