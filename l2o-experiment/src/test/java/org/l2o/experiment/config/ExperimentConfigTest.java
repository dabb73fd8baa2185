package org.l2o.experiment.config;

import org.l2o.core.json.ConfigException;
import org.l2o.core.json.PythonLiteral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentConfigTest {
  @TempDir Path tmp;

  private static ObjectNode config() {
    ObjectNode c = Configs.defaults("curriculum", "rnnprop");
    Overrides.apply(c, Overrides.parseArg("--training/teachers/*={'class_name':'Adam','config':{'learning_rate':0.005}}"));
    return c;
  }

  @Test
  void aNumberBeyondTheDoubleRangeIsRefusedNamingTheFileAndKey() throws Exception {
    Path dir = tmp.resolve("huge");
    Files.createDirectories(dir);
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{\"training\": {\"epsilon\": 1e400, \"teachers\": [1, -2e999]}}\n");
    assertThatThrownBy(() -> ExperimentConfig.createOrCheck(dir, config()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config.json " + file + ": the number at training/epsilon is beyond the range of a double");
  }

  @Test
  void createsDirectoryAndFileThenAcceptsAnIdenticalRerun() throws Exception {
    Path dir = tmp.resolve("results/rnnprop/test/1");
    ObjectNode c = config();
    assertThat(ExperimentConfig.createOrCheck(dir, c)).isTrue();
    Path file = dir.resolve("config.json");
    assertThat(file).isRegularFile();
    String text = Files.readString(file);
    assertThat(text).startsWith("{\n    \"training\": {\n        \"use_log_objective\": true,");
    assertThat(text).contains("\"step_callbacks\": []");
    assertThat(ExperimentConfig.load(dir)).isEqualTo(c);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .as("no temporary file left behind").containsExactly("config.json");
    }
    assertThat(ExperimentConfig.createOrCheck(dir, config())).isFalse();
    assertThat(Files.readString(file)).isEqualTo(text);
  }

  @Test
  void refusesADifferentConfigListingEveryDifferenceAndLeavesTheFileUntouched() throws Exception {
    ObjectNode c = config();
    ExperimentConfig.createOrCheck(tmp, c);
    Path file = tmp.resolve("config.json");
    FileTime mtime = Files.getLastModifiedTime(file);
    String text = Files.readString(file);

    ObjectNode other = config();
    Overrides.applyAll(other, Overrides.parseArgs(List.of(
        "--strategy/num_stages=3", "--training/teachers/0/config/learning_rate=0.01",
        "--policy/perturbation={'class_name':'RandomPerturbation','config':{}}",
        "--policy/layers=[20]")));
    ((ObjectNode) other.get("training")).remove("epsilon");
    ((ObjectNode) other.get("training")).put("extra", 1);

    assertThatThrownBy(() -> ExperimentConfig.createOrCheck(tmp, other))
        .isInstanceOfSatisfying(ConfigMismatchException.class, e -> {
          assertThat(e.differences()).extracting(ConfigDifference::path).containsExactlyInAnyOrder(
              "strategy/num_stages", "training/teachers/0/config/learning_rate", "policy/perturbation",
              "policy/layers", "training/epsilon", "training/extra");
          assertThat(e.getMessage())
              .contains("strategy/num_stages: saved 4, new 3")
              .contains("training/teachers/0/config/learning_rate: saved 0.005, new 0.01")
              .contains("policy/perturbation: saved null, new {")
              .contains("policy/layers: saved [20,20], new [20]")
              .contains("training/epsilon: saved 1.0E-10, new <missing>")
              .contains("training/extra: saved <missing>, new 1")
              .contains("refusing to overwrite");
        });
    assertThat(Files.readString(file)).isEqualTo(text);
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(mtime);
  }

  @Test
  void numbersCompareByValue() {
    ObjectNode saved = (ObjectNode) PythonLiteral.parse("{'a': 1, 'b': [0.5, 2], 'c': 1e-10}");
    ObjectNode same = (ObjectNode) PythonLiteral.parse("{'a': 1.0, 'b': [0.5, 2.0], 'c': 0.0000000001}");
    ObjectNode diff = (ObjectNode) PythonLiteral.parse("{'a': '1', 'b': [0.5], 'c': 1e-9}");
    assertThat(ExperimentConfig.compare(saved, same)).isEmpty();
    assertThat(ExperimentConfig.compare(saved, diff)).extracting(ConfigDifference::path)
        .containsExactly("a", "b", "c");
  }

  @Test
  void loadNamesMissingAndMalformedFiles() throws Exception {
    assertThatThrownBy(() -> ExperimentConfig.load(tmp))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("config.json file not found")
        .hasMessageContaining(tmp.resolve("config.json").toString());
    Files.writeString(tmp.resolve("config.json"), "{\n    \"training\": {\n        \"a\": 1,,\n    }\n}\n");
    assertThatThrownBy(() -> ExperimentConfig.load(tmp))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("malformed config.json " + tmp.resolve("config.json"))
        .hasMessageContaining("line 3");
    Files.writeString(tmp.resolve("config.json"), "[1, 2]");
    assertThatThrownBy(() -> ExperimentConfig.load(tmp))
        .hasMessageContaining("must hold a JSON object");
    assertThatThrownBy(() -> ExperimentConfig.createOrCheck(tmp, config()))
        .as("an unreadable existing file is never overwritten").hasMessageContaining("must hold a JSON object");
    assertThat(Files.readString(tmp.resolve("config.json"))).isEqualTo("[1, 2]");
  }

  @Test
  void duplicateKeysAreMalformed() throws Exception {
    Files.writeString(tmp.resolve("config.json"), "{\"a\": 1, \"a\": 2}");
    assertThatThrownBy(() -> ExperimentConfig.load(tmp)).hasMessageContaining("Duplicate field 'a'");
  }
}
