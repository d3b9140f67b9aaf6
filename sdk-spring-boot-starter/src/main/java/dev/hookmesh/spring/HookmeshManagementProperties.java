package dev.hookmesh.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The management API over the webhook platform, bound from {@code hookmesh.management.*}:
 * applications, endpoints, event types, secrets, the delivery log, redelivery, recovery, test
 * events, statistics and polling, as JSON under one base path, secured by the application's
 * Spring Security and a {@link ManagementAccess} bean.
 *
 * @param enabled whether to serve the API; it also needs hookmesh.platform.enabled
 * @param basePath the path every route is under, such as /hookmesh/api (the default)
 * @param shownBodyChars how many characters of a request or response body an attempt shows
 */
@ConfigurationProperties("hookmesh.management")
public record HookmeshManagementProperties(
    @DefaultValue("false") boolean enabled,
    @DefaultValue("/hookmesh/api") String basePath,
    @DefaultValue("1000") int shownBodyChars) {}
