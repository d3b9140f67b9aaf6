package dev.hookmesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the Java examples in {@code docs/} compiling: every {@code ```java} block in a page must
 * be a region of a test source marked {@code // docs:<name>} ... {@code // end}, compared with
 * indentation folded. Tests call it from a test named after the page.
 */
public final class DocSnippets {

  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern REGION =
      Pattern.compile("// docs:[\\w-]+\\n(.*?)\\n\\s*// end", Pattern.DOTALL);

  private DocSnippets() {}

  /**
   * Fails unless every Java block of {@code page} is a marked region of one of {@code sources}.
   *
   * @param page the Markdown page, relative to the module directory (e.g. {@code ../docs/x.md})
   * @param sources test sources holding the regions, relative to the module directory
   */
  public static void assertEveryJavaBlockIsCompiled(String page, String... sources) {
    List<String> regions = new ArrayList<>();
    for (String source : sources) {
      Matcher region = REGION.matcher(read(source));
      while (region.find()) {
        regions.add(normalized(region.group(1)));
      }
    }
    Matcher block = JAVA_BLOCK.matcher(read(page));
    int blocks = 0;
    while (block.find()) {
      blocks++;
      assertThat(regions)
          .as("a // docs: region in %s equal to this block of %s:%n%s",
              String.join(", ", sources), page, block.group(1))
          .contains(normalized(block.group(1)));
    }
    assertThat(blocks).as("Java blocks in %s", page).isPositive();
  }

  private static String normalized(String code) {
    return code.lines().map(String::strip).filter(line -> !line.isEmpty())
        .reduce((a, b) -> a + "\n" + b).orElse("");
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
