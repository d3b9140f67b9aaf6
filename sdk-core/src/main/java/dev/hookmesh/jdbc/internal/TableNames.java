package dev.hookmesh.jdbc.internal;

import java.util.regex.Pattern;

/** Table names under a configurable prefix, checked so they can be put into SQL text. */
public final class TableNames {

  /** The prefix of every Hookmesh table unless configured otherwise. */
  public static final String DEFAULT_PREFIX = "hookmesh_";

  private static final Pattern SAFE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

  private TableNames() {}

  /**
   * Checks a prefix such as {@code hookmesh_} or {@code webhooks.hookmesh_}.
   *
   * @throws IllegalArgumentException if it could not be a table-name prefix
   */
  public static String checkPrefix(String prefix) {
    if (!SAFE.matcher(prefix).matches()) {
      throw new IllegalArgumentException("A table prefix is letters, digits and underscores, "
          + "optionally after a schema name and a dot, like 'hookmesh_' or 'webhooks.hookmesh_'");
    }
    return prefix;
  }
}
