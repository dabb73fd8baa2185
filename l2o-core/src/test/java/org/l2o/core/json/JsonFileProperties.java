package org.l2o.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.l2o.core.io.Bounded;
import org.l2o.core.io.ByteMutations;
import org.l2o.core.io.ScratchFolder;

/** Properties of {@link Json#readObject}: a damaged JSON file is a dict or a ConfigException naming the file. */
class JsonFileProperties {
  private static final String VALID = """
      {
          "training": {"teachers": [], "epochs": 10, "huber_delta": -1, "name": "x\\u00e9"},
          "strategy": {"annealing_schedule": {"type": "list", "values": [0.2, 0.1]}, "depth": 1e-3},
          "policy": null,
          "flag": true
      }
      """;

  private static Path dir;

  @BeforeContainer
  static void createDirectory() throws IOException {
    dir = ScratchFolder.create("l2o-json-properties");
  }

  @AfterContainer
  static void deleteDirectory() throws IOException {
    ScratchFolder.delete(dir);
  }

  @Property(tries = 200, seed = "1514")
  void damagedJsonIsAnObjectOrAConfigExceptionNamingTheFile(@ForAll("damage") List<ByteMutations.Mutation> damage)
      throws Exception {
    Path file = dir.resolve("config.json");
    Files.write(file, ByteMutations.apply(VALID.getBytes(StandardCharsets.UTF_8), damage));
    try {
      ObjectNode read = Bounded.within(() -> Json.readObject(file, "config.json"));
      assertThat(read).isNotNull();
    } catch (ConfigException e) {
      assertThat(e.getMessage()).contains(file.toString());
    }
  }

  @Provide
  Arbitrary<List<ByteMutations.Mutation>> damage() {
    return ByteMutations.sequences();
  }
}
