package org.l2o.cli.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.json.ConfigException;
import org.l2o.core.json.Json;

/** Reading, checking and planning sweep files: cell counts, dependency order, stages, and refused files. */
class SweepPlanTest {
  private static final Path ROOT = Path.of(System.getProperty("l2o.root", "..")).toAbsolutePath().normalize();
  private static final Path PRESETS = ROOT.resolve("presets");

  private static SweepPlan plan(Path file) {
    return SweepPlan.of(SweepFile.read(file), PRESETS);
  }

  /** The paper's grid: 4 methods x 8 replicates (+ the two choice step 1s), 10 problems x 10 runs, 2 baselines. */
  @Test
  void thePaperGridHasItsCells() {
    SweepPlan plan = plan(ROOT.resolve("sweeps/paper.json"));
    assertThat(plan.count(CellKind.TRAIN)).isEqualTo(4 * 8 + 2);
    assertThat(plan.count(CellKind.EVALUATE)).isEqualTo(4 * 8);
    assertThat(plan.count(CellKind.BASELINE)).isEqualTo(2);
    long evaluationSteps = plan.cells().stream().filter(c -> c.kind() == CellKind.EVALUATE)
        .mapToLong(c -> c.steps().size()).sum();
    assertThat(evaluationSteps).as("evaluations of (replicate, problem)").isEqualTo(4 * 8 * 10);
    assertThat(plan.sweep().evaluation().runs()).isEqualTo(10);
    assertThat(plan.stages()).extracting(SweepPlan.Stage::id)
        .containsExactly("0-train", "0-baseline", "1-train", "1-evaluate", "2-evaluate");
    assertThat(plan.stages().get(0).cells()).hasSize(8 + 8 + 1 + 1); // min-max, mean, both step 1s
    assertThat(plan.stages().get(2).cells()).hasSize(16); // both choice step 2s
    assertThat(plan.stages().get(2).dependencies()).containsExactly("0-train");
    assertThat(plan.stages().get(4).dependencies()).containsExactly("1-train");
    Cell student = plan.cell("train/choice-small/3");
    assertThat(student.dependencies()).containsExactly("train/less_choice/1");
    assertThat(student.steps().get(0).args()).contains("--seed=3", "--training/teachers/0/directory='"
        + plan.layout().replicate("less_choice", 1) + "'");
    assertThat(plan.cell("evaluate/mean/8").steps().get(9).args()).contains("--problem=resnet", "--repeat=10",
        "--epochs=25");
    assertThat(plan.sweep().resources().get(CellKind.TRAIN).sbatchOptions())
        .containsExactly("--cpus-per-task=8", "--mem=16G", "--gres=gpu:1", "--time=2-00:00:00");
  }

  /** Every cell comes after its dependencies, and the tiny sweep's seeds are seed + replicate. */
  @Test
  void cellsComeAfterTheirDependencies() {
    SweepPlan plan = plan(ROOT.resolve("sweeps/tiny.json"));
    List<String> seen = new ArrayList<>();
    for (Cell c : plan.cells()) {
      assertThat(seen).as(c.id()).containsAll(c.dependencies());
      seen.add(c.id());
    }
    assertThat(plan.cells()).hasSize(2 + 2 + 2 + 2 + 1);
    assertThat(plan.cell("train/less_choice/2").steps().get(0).args()).contains("--seed=102");
    assertThat(plan.cell("train/choice-small/2").dependencies()).containsExactly("train/less_choice/2");
    assertThat(plan.cell("evaluate/choice-small/1").dependencies()).containsExactly("train/choice-small/1");
    assertThat(plan.cell("evaluate/choice-small/1").depth()).isEqualTo(2);
    assertThat(plan.layout().root()).isEqualTo(ROOT.resolve("results/sweeps/tiny"));
  }

  @Test
  void aCycleOfTeachersIsRefusedNamingIt(@TempDir Path tmp) throws Exception {
    Path file = write(tmp, s -> {
      ArrayNode recipes = (ArrayNode) s.get("recipes");
      ((ObjectNode) recipes.get(0)).putObject("teacher").put("recipe", "choice-small").put("replicate", "same");
    });
    assertThatThrownBy(() -> plan(file)).isInstanceOf(ConfigException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("cycle")
        .hasMessageContaining("less_choice -> choice-small -> less_choice");
  }

  @Test
  void badKeysAndValuesAreNamed(@TempDir Path tmp) throws Exception {
    refused(tmp, s -> s.put("recipez", 1), "unknown key recipez");
    refused(tmp, s -> recipe(s, 0).put("replicates", 0), "recipes/0/replicates must be a whole number between 1");
    refused(tmp, s -> recipe(s, 0).remove("replicates"), "recipes/0/replicates is missing");
    refused(tmp, s -> recipe(s, 1).put("strategy", "greedy"), "recipes/1/strategy: expected one of");
    refused(tmp, s -> recipe(s, 1).putObject("teacher").put("recipe", "nope").put("replicate", 1),
        "recipes/1/teacher/recipe: no recipe named 'nope'");
    refused(tmp, s -> recipe(s, 1).putObject("teacher").put("recipe", "less_choice").put("replicate", 3),
        "recipes/1/teacher/replicate: recipe 'less_choice' has 2 replicate(s)");
    refused(tmp, s -> recipe(s, 1).put("name", "less_choice"), "recipes/1/name: 'less_choice' names two recipes");
    refused(tmp, s -> recipe(s, 1).put("name", "baseline"), "recipes/1/name: 'baseline' is reserved");
    refused(tmp, s -> recipe(s, 1).put("name", "../x"), "recipes/1/name must be a plain name");
    refused(tmp, s -> ((ArrayNode) recipe(s, 0).get("overrides")).add("--strategy/depth=1"),
        "recipes/0/overrides/8: write the override without the leading --");
    refused(tmp, s -> ((ArrayNode) recipe(s, 0).get("overrides")).add("strategy/depthh=1"),
        "recipes/0 (less_choice)");
    refused(tmp, s -> ((ArrayNode) recipe(s, 0).get("presets")).add("no_such_preset"),
        "unknown preset 'no_such_preset'");
    refused(tmp, s -> ((ObjectNode) s.get("evaluation")).putArray("problems").add("conv_nope"),
        "evaluation/problems/0: unknown problem 'conv_nope'");
    refused(tmp, s -> ((ObjectNode) s.get("evaluation")).put("runs", 0), "evaluation/runs must be a whole number");
    refused(tmp, s -> s.putArray("baselines").add("adamw_nope"), "baselines/0: unknown baseline optimizer");
    refused(tmp, s -> ((ObjectNode) s.get("resources").get("train")).put("memory", "lots"),
        "resources/train/memory must be SLURM memory");
    refused(tmp, s -> ((ObjectNode) s.get("resources").get("train")).put("gpu", 1),
        "unknown key resources/train/gpu");
    // a student recipe needs a __load__ teacher in its config to point at the teacher recipe
    refused(tmp, s -> recipe(s, 1).putArray("presets").add("conv_train").add("adam"),
        "recipes/1 (choice-small)/teacher: the config has no __load__ teacher");
  }

  @Test
  void aMalformedFileIsNamedWithItsLine(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("bad.json");
    Files.writeString(file, "{\n  \"root\": \"x\",\n  \"recipes\": [\n}\n");
    assertThatThrownBy(() -> plan(file)).isInstanceOf(ConfigException.class).hasMessageContaining(file.toString())
        .hasMessageContaining("line");
  }

  private static ObjectNode recipe(ObjectNode sweep, int i) {
    return (ObjectNode) sweep.get("recipes").get(i);
  }

  private static void refused(Path tmp, Consumer<ObjectNode> change, String message) throws Exception {
    Path file = write(tmp, change);
    assertThatThrownBy(() -> plan(file)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("sweep " + file).hasMessageContaining(message);
  }

  /** The tiny sweep, changed, written to a file of its own in {@code tmp}. */
  private static Path write(Path tmp, Consumer<ObjectNode> change) throws Exception {
    ObjectNode sweep = Json.readObject(ROOT.resolve("sweeps/tiny.json"), "sweep");
    sweep.put("root", "results");
    change.accept(sweep);
    Path file = Files.createTempFile(tmp, "sweep", ".json");
    Files.writeString(file, Json.pretty(sweep));
    return file;
  }
}
