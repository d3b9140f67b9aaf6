package dev.hookmesh.spring.internal;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * The class-path resources Hookmesh reads at run time: the schema scripts it can create tables
 * from, and the portal's pages and the management API's OpenAPI document.
 */
public final class HookmeshRuntimeHints implements RuntimeHintsRegistrar {

  @Override
  public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
    hints.resources()
        .registerPattern("dev/hookmesh/jdbc/schema-*.sql")
        .registerPattern("dev/hookmesh/spring/internal/management/openapi.json")
        .registerPattern("dev/hookmesh/spring/internal/management/portal/*");
  }
}
