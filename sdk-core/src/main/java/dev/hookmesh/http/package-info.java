/**
 * The HTTP transport for sending webhooks, built on OkHttp, and the SSRF guard that keeps a
 * webhook endpoint URL from reaching the sender's own network.
 *
 * <p>The guard is configured by {@link dev.hookmesh.http.SsrfPolicy} and installed into an
 * {@code OkHttpClient.Builder} with {@link dev.hookmesh.http.SsrfPolicy#applyTo(okhttp3.OkHttpClient.Builder)}.
 * Every address a call would connect to is classified with
 * {@link dev.hookmesh.http.AddressClass#of(java.net.InetAddress)}; a refusal surfaces as
 * {@link dev.hookmesh.http.SsrfException}.
 */
@NullMarked
package dev.hookmesh.http;

import org.jspecify.annotations.NullMarked;
