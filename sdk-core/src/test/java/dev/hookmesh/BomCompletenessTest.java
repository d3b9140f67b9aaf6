package dev.hookmesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The BOM must list every published module of the reactor at the project's version, so that
 * users who import it never need a Hookmesh version anywhere else. A module is published unless
 * its pom sets {@code maven.deploy.skip}.
 */
class BomCompletenessTest {

  private static final Path ROOT = Path.of("..");

  @Test
  void listsEveryPublishedModuleAtTheProjectVersion() throws Exception {
    Document bom = parse(ROOT.resolve("sdk-bom/pom.xml"));
    List<String> managed = new ArrayList<>();
    NodeList dependencies = bom.getElementsByTagName("dependency");
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element dependency = (Element) dependencies.item(i);
      assertThat(text(dependency, "version")).isEqualTo("${project.version}");
      managed.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId"));
    }

    assertThat(managed).containsExactlyInAnyOrderElementsOf(publishedModules());
    assertThat(text(bom.getDocumentElement(), "version"))
        .isEqualTo(text(parse(ROOT.resolve("pom.xml")).getDocumentElement(), "version"));
  }

  @Test
  void samplesTakeEveryHookmeshVersionFromTheBom() throws Exception {
    List<Path> samples = new ArrayList<>();
    for (Path pom : modulePoms(ROOT)) {
      if (pom.startsWith(ROOT.resolve("samples"))) {
        samples.add(pom);
      }
    }
    assertThat(samples).isNotEmpty();
    for (Path pom : samples) {
      Document document = parse(pom);
      boolean importsBom = false;
      NodeList dependencies = document.getElementsByTagName("dependency");
      for (int i = 0; i < dependencies.getLength(); i++) {
        Element dependency = (Element) dependencies.item(i);
        if (!"dev.hookmesh".equals(text(dependency, "groupId"))) {
          continue;
        }
        if ("hookmesh-bom".equals(text(dependency, "artifactId"))) {
          importsBom = "import".equals(text(dependency, "scope"));
        } else {
          assertThat(text(dependency, "version"))
              .as("%s declares a version for %s; take it from hookmesh-bom", pom,
                  text(dependency, "artifactId"))
              .isNull();
        }
      }
      assertThat(importsBom).as("%s imports hookmesh-bom", pom).isTrue();
    }
  }

  private static List<String> publishedModules() throws Exception {
    List<String> published = new ArrayList<>();
    for (Path pom : modulePoms(ROOT)) {
      String xml = Files.readString(pom);
      Document document = parse(pom);
      String packaging = text(document.getDocumentElement(), "packaging");
      if (xml.contains("<maven.deploy.skip>true</maven.deploy.skip>")
          || "pom".equals(packaging)) {
        continue;
      }
      published.add("dev.hookmesh:" + text(document.getDocumentElement(), "artifactId"));
    }
    assertThat(published).contains("dev.hookmesh:hookmesh-core");
    return published;
  }

  /** The poms of the modules listed in a reactor pom, recursively. */
  private static List<Path> modulePoms(Path directory) throws IOException {
    List<Path> poms = new ArrayList<>();
    Matcher module = Pattern.compile("<module>([^<]+)</module>")
        .matcher(Files.readString(directory.resolve("pom.xml")));
    while (module.find()) {
      Path child = directory.resolve(module.group(1).strip());
      poms.add(child.resolve("pom.xml"));
      poms.addAll(modulePoms(child));
    }
    return poms;
  }

  private static Document parse(Path pom) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(pom.toFile());
  }

  /** The text of a direct child element, or null. */
  private static String text(Element parent, String name) {
    for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element && element.getTagName().equals(name)) {
        return element.getTextContent().strip();
      }
    }
    return null;
  }
}
