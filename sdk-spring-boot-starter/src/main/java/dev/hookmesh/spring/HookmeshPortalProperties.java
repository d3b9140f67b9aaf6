package dev.hookmesh.spring;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The customer portal, bound from {@code hookmesh.portal.*}: pages the provider's customers
 * open through a {@link WebhookPortal} link to manage their endpoints and read their delivery
 * log.
 *
 * @param enabled whether to serve the portal; it also needs hookmesh.platform.enabled
 * @param path the path the portal is served under, such as /hookmesh/portal (the default)
 * @param signingKey at least 32 bytes in base64 that sign portal links; derived from the
 *     platform's current encryption key when not set, so rotating that key ends open sessions
 * @param frameAncestors who may show the portal in a frame, as a Content-Security-Policy
 *     source list: 'self' (the default) for the provider's own pages, or its dashboard's origin
 */
@ConfigurationProperties("hookmesh.portal")
public record HookmeshPortalProperties(
    @DefaultValue("false") boolean enabled,
    @DefaultValue("/hookmesh/portal") String path,
    @Nullable String signingKey,
    @DefaultValue("'self'") String frameAncestors) {

  /** Never shows the signing key. */
  @Override
  public String toString() {
    return "HookmeshPortalProperties[enabled=" + enabled + ", path=" + path + ", signingKey="
        + (signingKey == null ? "derived" : "redacted") + ", frameAncestors=" + frameAncestors
        + "]";
  }
}
