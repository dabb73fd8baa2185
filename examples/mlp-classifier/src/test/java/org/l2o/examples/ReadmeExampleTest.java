package org.l2o.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's library code is this example's source, imports included, character for character. */
class ReadmeExampleTest {
  static final String SOURCE = "examples/mlp-classifier/src/main/java/org/l2o/examples/MlpClassifier.java";

  @Test
  void readmeShowsTheExampleVerbatim() throws Exception {
    Path root = Path.of(System.getProperty("l2o.root", "../.."));
    String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
    String open = "<!-- example:" + SOURCE + " -->\n```java\n";
    int start = readme.indexOf(open);
    assertThat(start).as("README marker %s", open.strip()).isNotNegative();
    int end = readme.indexOf("```\n<!-- /example -->", start);
    assertThat(end).as("README end marker").isGreaterThan(start);
    String shown = readme.substring(start + open.length(), end);
    assertThat(shown).isEqualTo(Files.readString(root.resolve(SOURCE), StandardCharsets.UTF_8));
  }
}
