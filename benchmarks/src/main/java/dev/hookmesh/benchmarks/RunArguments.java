package dev.hookmesh.benchmarks;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code --name=value} arguments of the load runs that have their own {@code main}. */
final class RunArguments {

  private RunArguments() {}

  /**
   * Reads {@code --name=value} arguments, refusing any other form or any unknown name.
   *
   * @param args the command line
   * @param known the names the run takes
   * @param usage the names with their defaults, for the error message
   * @return the given values by name, in order
   */
  static Map<String, String> parse(String[] args, Collection<String> known, String usage) {
    Map<String, String> given = new LinkedHashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (!arg.startsWith("--") || equals < 0) {
        throw new IllegalArgumentException(
            "Expected --name=value, got '" + arg + "'; names: " + usage);
      }
      given.put(arg.substring(2, equals), arg.substring(equals + 1));
    }
    if (!known.containsAll(given.keySet())) {
      throw new IllegalArgumentException("Unknown arguments: " + given.keySet().stream()
          .filter(name -> !known.contains(name)).toList() + "; names: " + usage);
    }
    return given;
  }
}
