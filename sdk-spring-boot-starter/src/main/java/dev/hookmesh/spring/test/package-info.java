/**
 * Helpers for an application's own tests: requests signed exactly as a provider would sign
 * them, for MockMvc, WebTestClient or any HTTP client.
 */
@NullMarked
package dev.hookmesh.spring.test;

import org.jspecify.annotations.NullMarked;
