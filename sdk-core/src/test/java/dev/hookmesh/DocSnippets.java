package dev.hookmesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks that the Java snippets in a Markdown page are copied from a test class, so every
 * snippet in the docs compiles and runs. Two ways to mark the source:
 *
 * <ul>
 *   <li>{@link #assertSnippetsAreTestBodies}: a snippet followed by
 *       {@code (`SomeDocsExamplesTest.testName`)} is the whole body of that test;
 *   <li>{@link #assertSnippetsAreRegions}: a snippet is a region of the test class between
 *       {@code // docs:name} and {@code // end}.
 * </ul>
 */
public final class DocSnippets {

  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  private DocSnippets() {}

  /**
   * Asserts that each snippet names a test of {@code testClass} whose body it is, line for
   * line ignoring indentation and blank lines, and that every Java snippet names one.
   *
   * @param markdown the page, relative to the module, such as {@code ../docs/retries.md}
   * @param testClass the test class holding the snippets
   * @param expected how many snippets the page should have
   */
  public static void assertSnippetsAreTestBodies(String markdown, Class<?> testClass, int expected) {
    String docs = read(markdown);
    String source = read(sourceOf(testClass));
    Matcher matcher = Pattern.compile("```java\\n(.*?)```\\n\\(`" + testClass.getSimpleName() + "\\.(\\w+)`\\)",
        Pattern.DOTALL).matcher(docs);
    Map<String, String> snippets = new LinkedHashMap<>();
    while (matcher.find()) {
      snippets.put(matcher.group(2), matcher.group(1));
    }
    assertThat(snippets).hasSize(expected);
    assertThat(count(docs)).as("Java snippets in %s", markdown).isEqualTo(expected);
    snippets.forEach((test, snippet) ->
        assertThat(normalized(bodyOf(source, test))).as("body of %s", test).isEqualTo(normalized(snippet)));
  }

  /**
   * Asserts that every Java snippet of the page is one of the {@code // docs:name} ...
   * {@code // end} regions of {@code testClass}, and that every region is used.
   *
   * @param markdown the page, relative to the module
   * @param testClass the test class holding the regions
   */
  public static void assertSnippetsAreRegions(String markdown, Class<?> testClass) {
    String docs = read(markdown);
    List<String> regions = new ArrayList<>();
    Matcher region = Pattern.compile("// docs:[\\w-]+\n(.*?)\n\\s*// end", Pattern.DOTALL)
        .matcher(read(sourceOf(testClass)));
    while (region.find()) {
      regions.add(region.group(1).stripIndent().strip());
    }
    Matcher snippet = JAVA_BLOCK.matcher(docs);
    int snippets = 0;
    while (snippet.find()) {
      snippets++;
      assertThat(regions).contains(snippet.group(1).stripIndent().strip());
    }
    assertThat(snippets).isEqualTo(regions.size());
  }

  private static int count(String docs) {
    Matcher matcher = JAVA_BLOCK.matcher(docs);
    int count = 0;
    while (matcher.find()) {
      count++;
    }
    return count;
  }

  private static String sourceOf(Class<?> testClass) {
    return "src/test/java/" + testClass.getName().replace('.', '/') + ".java";
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String bodyOf(String source, String test) {
    int start = source.indexOf("void " + test + "()");
    assertThat(start).as("test %s", test).isNotNegative();
    int bodyStart = source.indexOf('\n', start) + 1;
    return source.substring(bodyStart, source.indexOf("\n  }\n", bodyStart));
  }

  private static String normalized(String code) {
    return code.lines().map(String::strip).filter(line -> !line.isEmpty()).collect(Collectors.joining("\n"));
  }
}
