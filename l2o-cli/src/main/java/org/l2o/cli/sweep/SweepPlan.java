package org.l2o.cli.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.l2o.core.json.ConfigException;
import org.l2o.experiment.Experiment;
import org.l2o.experiment.ExperimentBuilder;
import org.l2o.experiment.config.ConfigBuilder;
import org.l2o.experiment.config.ConfigOverride;
import org.l2o.experiment.config.Overrides;

/**
 * The cells of a sweep in dependency order, and its stages: the cells of one kind at one depth of the dependency
 * graph (one SLURM job array each). Building the plan checks every recipe's config (defaults, presets, overrides,
 * as {@code l2o train} does) and the teachers' references (known recipe, replicate in range, no cycle), before
 * anything is written.
 *
 * @param sweep  the sweep file
 * @param layout where its cells live
 * @param cells  every cell, dependencies before their dependents
 * @param stages the stages, in the order they can run
 */
public record SweepPlan(SweepFile sweep, SweepLayout layout, List<Cell> cells, List<Stage> stages) {

  /**
   * The cells of one kind at one depth.
   *
   * @param id           e.g. {@code 0-train}
   * @param kind         the cells' kind
   * @param cells        the cells, in plan order
   * @param dependencies ids of the stages holding the cells' dependencies
   */
  public record Stage(String id, CellKind kind, List<Cell> cells, List<String> dependencies) {}

  /**
   * Plans a sweep.
   *
   * @param presetsDir the presets folder
   * @throws ConfigException naming the sweep file and the key at fault
   */
  public static SweepPlan of(SweepFile sweep, Path presetsDir) {
    try {
      return build(sweep, presetsDir);
    } catch (ConfigException | IllegalArgumentException e) {
      throw new ConfigException("sweep " + sweep.file() + ": " + e.getMessage(), e);
    }
  }

  private static SweepPlan build(SweepFile sweep, Path presetsDir) {
    SweepLayout layout = new SweepLayout(sweep.root());
    if (sweep.root().toString().contains("'") || sweep.root().toString().contains("\\")) {
      throw new ConfigException("root: " + sweep.root() + " holds a quote or backslash; choose a plainer folder");
    }
    Map<String, Integer> depths = recipeDepths(sweep);
    List<Recipe> ordered = new ArrayList<>(sweep.recipes());
    ordered.sort((a, b) -> Integer.compare(depths.get(a.name()), depths.get(b.name()))); // stable: file order kept
    ConfigBuilder builder = new ConfigBuilder(presetsDir);
    List<Cell> cells = new ArrayList<>();
    for (Recipe r : ordered) {
      int index = sweep.recipes().indexOf(r);
      int teacherSlot = checkConfig(builder, r, index, layout);
      for (int rep = 1; rep <= r.replicates(); rep++) {
        cells.add(trainCell(sweep, layout, r, rep, teacherSlot, depths.get(r.name())));
      }
    }
    Evaluation ev = sweep.evaluation();
    if (ev != null) {
      for (Recipe r : ordered) {
        if (!r.evaluate()) {
          continue;
        }
        for (int rep = 1; rep <= r.replicates(); rep++) {
          cells.add(evaluateCell(layout, ev, r, rep, depths.get(r.name()) + 1));
        }
      }
      for (String optimizer : sweep.baselines()) {
        cells.add(baselineCell(layout, ev, optimizer));
      }
    }
    return new SweepPlan(sweep, layout, List.copyOf(cells), stages(cells));
  }

  /** Depth of each recipe in the teacher graph; refuses unknown teachers, bad replicates and cycles. */
  private static Map<String, Integer> recipeDepths(SweepFile sweep) {
    Map<String, Integer> depths = new LinkedHashMap<>();
    for (Recipe r : sweep.recipes()) {
      depth(sweep, r, depths, new ArrayList<>());
    }
    return depths;
  }

  private static int depth(SweepFile sweep, Recipe r, Map<String, Integer> depths, List<String> path) {
    Integer known = depths.get(r.name());
    if (known != null) {
      return known;
    }
    int index = sweep.recipes().indexOf(r);
    if (path.contains(r.name())) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(r.name()), path.size()));
      cycle.add(r.name());
      throw new ConfigException("recipes/" + index + "/teacher: the recipes' teachers form a cycle: "
          + String.join(" -> ", cycle) + " (a teacher must be trained before its student)");
    }
    if (r.teacher() == null) {
      depths.put(r.name(), 0);
      return 0;
    }
    Recipe t = sweep.recipe(r.teacher().recipe());
    String where = "recipes/" + index + "/teacher";
    if (t == null) {
      throw new ConfigException(where + "/recipe: no recipe named '" + r.teacher().recipe() + "'; the recipes are "
          + sweep.recipes().stream().map(Recipe::name).toList());
    }
    if (r.teacher().replicate() > t.replicates()) {
      throw new ConfigException(where + "/replicate: recipe '" + t.name() + "' has " + t.replicates()
          + " replicate(s), got replicate " + r.teacher().replicate());
    }
    if (r.teacher().replicate() == 0 && r.replicates() > t.replicates()) {
      throw new ConfigException(where + "/replicate: \"same\" needs as many replicates of '" + t.name() + "' ("
          + t.replicates() + ") as of '" + r.name() + "' (" + r.replicates() + ")");
    }
    path.add(r.name());
    int d = depth(sweep, t, depths, path) + 1;
    path.remove(path.size() - 1);
    depths.put(r.name(), d);
    return d;
  }

  /**
   * Builds and checks the recipe's config as {@code l2o train} would; returns the index of its {@code __load__}
   * teacher when the recipe names a teacher recipe (-1 otherwise).
   */
  private static int checkConfig(ConfigBuilder builder, Recipe r, int index, SweepLayout layout) {
    String where = "recipes/" + index + " (" + r.name() + ")";
    ObjectNode config;
    List<ConfigOverride> overrides = new ArrayList<>();
    for (String o : r.overrides()) {
      overrides.add(Overrides.parseArg("--" + o));
    }
    try {
      config = builder.build(r.strategy(), r.policy(), r.presets(), overrides);
    } catch (ConfigException e) {
      throw new ConfigException(where + ": " + e.getMessage(), e);
    }
    if (r.teacher() == null) {
      try {
        ExperimentBuilder.check(config);
      } catch (ConfigException | IllegalArgumentException e) {
        throw new ConfigException(where + ": " + e.getMessage(), e);
      }
      return -1;
    }
    JsonNode teachers = config.path("training").path("teachers");
    int slot = -1;
    for (int k = 0; k < teachers.size(); k++) {
      if ("__load__".equals(teachers.get(k).path("class_name").asText())) {
        if (slot >= 0) {
          throw new ConfigException(where + "/teacher: the config has more than one __load__ teacher"
              + " (training/teachers/" + slot + " and /" + k + "); the sweep sets the directory of exactly one");
        }
        slot = k;
      }
    }
    if (slot < 0) {
      throw new ConfigException(where + "/teacher: the config has no __load__ teacher in training/teachers (add a"
          + " preset such as less_choice or more_choice) whose directory the teacher recipe would give");
    }
    // The teacher is not trained yet: everything else is checked now, the loaded teacher when the cell runs.
    Overrides.apply(config, Overrides.parseArg(teacherOverride(slot, layout.replicate(r.teacher().recipe(), 1))));
    try {
      Experiment experiment = Experiment.of(config);
      ExperimentBuilder.policy(config);
      ExperimentBuilder.perturbation(experiment);
    } catch (ConfigException | IllegalArgumentException e) {
      throw new ConfigException(where + ": " + e.getMessage(), e);
    }
    return slot;
  }

  private static String teacherOverride(int slot, Path directory) {
    return "--training/teachers/" + slot + "/directory='" + directory + "'";
  }

  /** The training seed of replicate {@code rep}: the sweep's seed + rep, the same for every recipe. */
  public static long trainingSeed(SweepFile sweep, int rep) {
    return sweep.seed() + rep;
  }

  private static Cell trainCell(SweepFile sweep, SweepLayout layout, Recipe r, int rep, int teacherSlot, int depth) {
    Path dir = layout.replicate(r.name(), rep);
    List<String> args = new ArrayList<>(List.of("train", "--directory=" + dir, "--strategy=" + r.strategy(),
        "--policy=" + r.policy(), "--presets=" + String.join(",", r.presets()),
        "--seed=" + trainingSeed(sweep, rep)));
    List<String> deps = new ArrayList<>();
    if (r.teacher() != null) {
      int teacherRep = r.teacher().replicateFor(rep);
      args.add(teacherOverride(teacherSlot, layout.replicate(r.teacher().recipe(), teacherRep)));
      deps.add(trainId(r.teacher().recipe(), teacherRep));
    }
    for (String o : r.overrides()) {
      args.add("--" + o);
    }
    return new Cell(trainId(r.name(), rep), CellKind.TRAIN, dir, List.copyOf(deps), depth,
        List.of(new Cell.Step(List.copyOf(args), null)));
  }

  private static Cell evaluateCell(SweepLayout layout, Evaluation ev, Recipe r, int rep, int depth) {
    Path dir = layout.replicate(r.name(), rep);
    List<Cell.Step> steps = new ArrayList<>();
    for (String p : ev.problems()) {
      List<String> args = new ArrayList<>(List.of("evaluate", "--directory=" + dir, "--problem=" + p,
          "--repeat=" + ev.runs(), "--seed=" + ev.seed()));
      if (ev.epochs() != null) {
        args.add("--epochs=" + ev.epochs());
      }
      steps.add(new Cell.Step(List.copyOf(args), dir.resolve("eval").resolve(p)));
    }
    return new Cell(CellKind.EVALUATE.key() + "/" + r.name() + "/" + rep, CellKind.EVALUATE, dir,
        List.of(trainId(r.name(), rep)), depth, List.copyOf(steps));
  }

  private static Cell baselineCell(SweepLayout layout, Evaluation ev, String optimizer) {
    Path dir = layout.baseline(optimizer);
    List<Cell.Step> steps = new ArrayList<>();
    for (String p : ev.problems()) {
      List<String> args = new ArrayList<>(List.of("baseline", "--optimizer=" + optimizer, "--problem=" + p,
          "--repeat=" + ev.runs(), "--seed=" + ev.seed(), "--directory=" + layout.root()));
      if (ev.epochs() != null) {
        args.add("--epochs=" + ev.epochs());
      }
      steps.add(new Cell.Step(List.copyOf(args), dir.resolve(p + ".npz")));
    }
    return new Cell(CellKind.BASELINE.key() + "/" + optimizer, CellKind.BASELINE, dir, List.of(), 0,
        List.copyOf(steps));
  }

  private static String trainId(String recipe, int rep) {
    return CellKind.TRAIN.key() + "/" + recipe + "/" + rep;
  }

  private static List<Stage> stages(List<Cell> cells) {
    TreeMap<String, List<Cell>> groups = new TreeMap<>();
    Map<String, String> stageOf = new LinkedHashMap<>();
    for (Cell c : cells) {
      String id = c.depth() + "-" + c.kind().key();
      groups.computeIfAbsent(String.format("%04d-%d", c.depth(), c.kind().ordinal()) + "|" + id,
          k -> new ArrayList<>()).add(c);
      stageOf.put(c.id(), id);
    }
    List<Stage> out = new ArrayList<>();
    for (Map.Entry<String, List<Cell>> e : groups.entrySet()) {
      String id = e.getKey().substring(e.getKey().indexOf('|') + 1);
      List<String> deps = new ArrayList<>();
      for (Cell c : e.getValue()) {
        for (String d : c.dependencies()) {
          String s = stageOf.get(d);
          if (!deps.contains(s)) {
            deps.add(s);
          }
        }
      }
      out.add(new Stage(id, e.getValue().get(0).kind(), List.copyOf(e.getValue()), List.copyOf(deps)));
    }
    return List.copyOf(out);
  }

  /** The cell with this id. */
  public Cell cell(String id) {
    for (Cell c : cells) {
      if (c.id().equals(id)) {
        return c;
      }
    }
    throw new IllegalArgumentException("sweep " + sweep.file() + " has no cell '" + id + "' (`l2o sweep plan "
        + sweep.file() + "` lists them)");
  }

  /** The number of cells of a kind. */
  public long count(CellKind kind) {
    return cells.stream().filter(c -> c.kind() == kind).count();
  }
}
