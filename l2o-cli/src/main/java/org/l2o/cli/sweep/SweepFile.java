package org.l2o.cli.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.l2o.core.json.ConfigException;
import org.l2o.core.json.Json;
import org.l2o.experiment.config.ConfigDict;
import org.l2o.experiment.config.Configs;
import org.l2o.experiment.config.Overrides;
import org.l2o.policies.optimizer.Baselines;
import org.l2o.problems.ProblemRegistry;
import org.l2o.problems.functions.FunctionProblems;

/**
 * A sweep file as read: the training recipes, the evaluations and baselines, resources and options. Reading checks
 * the structure and every name (strategy, policy, override syntax, problems, baselines); {@link SweepPlan#of} then
 * checks each recipe's config and the dependencies. Every error is a {@link ConfigException} naming the file and
 * the key (e.g. {@code recipes/1/replicates}) and what was expected.
 *
 * @param file        the sweep file
 * @param name        the sweep's name (SLURM job names)
 * @param root        where the cells' directories are, resolved against the sweep file's folder
 * @param seed        base of the training seeds: replicate r of every recipe trains with seed + r
 * @param recipes     the training recipes, in file order
 * @param evaluation  the evaluations, or null for none
 * @param baselines   analytical optimizers evaluated as baselines on the evaluation problems
 * @param resources   per cell kind, what a SLURM job asks for
 * @param javaOptions extra options of each cell's JVM (e.g. {@code -Xmx6g})
 * @param slurmOptions extra {@code sbatch} options (e.g. {@code --partition=gpu})
 */
public record SweepFile(Path file, String name, Path root, long seed, List<Recipe> recipes, Evaluation evaluation,
    List<String> baselines, Map<CellKind, Resources> resources, List<String> javaOptions, List<String> slurmOptions) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]*");
  /** Folder names under the root that a recipe cannot take. */
  static final Set<String> RESERVED = Set.of("baseline", "report", SweepLayout.STATE_FOLDER);

  /**
   * Reads and checks a sweep file.
   *
   * @throws ConfigException naming the file and the key at fault
   */
  public static SweepFile read(Path file) {
    ObjectNode node = Json.readObject(file, "sweep");
    try {
      return parse(file, node);
    } catch (ConfigException e) {
      throw new ConfigException("sweep " + file + ": " + e.getMessage(), e);
    }
  }

  private static SweepFile parse(Path file, ObjectNode node) {
    ConfigDict d = ConfigDict.of("", node);
    if (d.has("description")) {
      d.text("description");
    }
    String name = d.has("name") ? plainName(d, "name", d.text("name")) : stem(file);
    Path folder = file.toAbsolutePath().normalize().getParent();
    Path root = folder.resolve(d.text("root")).normalize();
    long seed = d.has("seed") ? wholeNumber(d, "seed") : 0L;
    List<Recipe> recipes = new ArrayList<>();
    List<JsonNode> list = d.list("recipes");
    if (list.isEmpty()) {
      throw new ConfigException("recipes must name at least one recipe");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      Recipe r = recipe(ConfigDict.of("recipes/" + i, list.get(i)));
      if (!names.add(r.name())) {
        throw new ConfigException("recipes/" + i + "/name: '" + r.name() + "' names two recipes; each name once");
      }
      recipes.add(r);
    }
    Evaluation evaluation = d.has("evaluation") ? evaluation(d.dict("evaluation")) : null;
    List<String> baselines = d.optionalStrings("baselines");
    for (int i = 0; i < baselines.size(); i++) {
      try {
        Baselines.get(baselines.get(i));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("baselines/" + i + ": " + e.getMessage(), e);
      }
      if (baselines.indexOf(baselines.get(i)) != i) {
        throw new ConfigException("baselines/" + i + ": '" + baselines.get(i) + "' is named twice");
      }
    }
    if (!baselines.isEmpty() && evaluation == null) {
      throw new ConfigException("baselines need the evaluation key (which problems, runs, epochs)");
    }
    Map<CellKind, Resources> resources = new java.util.EnumMap<>(CellKind.class);
    ConfigDict r = d.optionalDict("resources");
    for (CellKind kind : CellKind.values()) {
      resources.put(kind, r.has(kind.key()) ? Resources.read(r.dict(kind.key()), Resources.DEFAULT) : Resources.DEFAULT);
    }
    r.done();
    List<String> javaOptions = d.optionalStrings("java_options");
    List<String> slurmOptions = d.optionalStrings("slurm_options");
    for (int i = 0; i < slurmOptions.size(); i++) {
      if (!slurmOptions.get(i).startsWith("--")) {
        throw new ConfigException("slurm_options/" + i + " must be an sbatch option such as --partition=NAME, got '"
            + slurmOptions.get(i) + "'");
      }
    }
    d.done();
    return new SweepFile(file, name, root, seed, List.copyOf(recipes), evaluation, baselines, Map.copyOf(resources),
        javaOptions, slurmOptions);
  }

  private static Recipe recipe(ConfigDict d) {
    String name = plainName(d, "name", d.text("name"));
    if (RESERVED.contains(name)) {
      throw new ConfigException(d.path("name") + ": '" + name + "' is reserved (folders " + RESERVED
          + " of the sweep's root)");
    }
    String strategy = d.choice("strategy", Configs.STRATEGIES);
    String policy = d.choice("policy", Configs.POLICIES);
    List<String> presets = d.optionalStrings("presets");
    List<String> overrides = d.optionalStrings("overrides");
    for (int i = 0; i < overrides.size(); i++) {
      String o = overrides.get(i);
      if (o.startsWith("--")) {
        throw new ConfigException(d.path("overrides") + "/" + i + ": write the override without the leading --,"
            + " e.g. strategy/num_periods=2; got '" + o + "'");
      }
      try {
        Overrides.parseArg("--" + o);
      } catch (ConfigException e) {
        throw new ConfigException(d.path("overrides") + "/" + i + ": " + e.getMessage(), e);
      }
    }
    int replicates = d.integer("replicates", 1, 1, 1000);
    if (!d.has("replicates")) {
      throw new ConfigException(d.path("replicates") + " is missing (a whole number between 1 and 1000)");
    }
    Recipe.TeacherRef teacher = null;
    if (d.has("teacher")) {
      ConfigDict t = d.dict("teacher");
      String recipe = t.text("recipe");
      JsonNode rep = t.node("replicate");
      int replicate;
      if (rep.isTextual() && rep.textValue().equals("same")) {
        replicate = 0;
      } else if (rep.isIntegralNumber() && rep.canConvertToInt() && rep.intValue() >= 1) {
        replicate = rep.intValue();
      } else {
        throw new ConfigException(t.path("replicate") + " must be a replicate number (1, 2, ...) or \"same\", got "
            + rep);
      }
      t.done();
      teacher = new Recipe.TeacherRef(recipe, replicate);
    }
    boolean evaluate = d.bool("evaluate", true);
    d.done();
    return new Recipe(name, strategy, policy, presets, overrides, replicates, teacher, evaluate);
  }

  private static Evaluation evaluation(ConfigDict d) {
    List<String> problems = d.strings("problems");
    if (problems.isEmpty()) {
      throw new ConfigException(d.path("problems") + " must name at least one problem");
    }
    for (int i = 0; i < problems.size(); i++) {
      String p = problems.get(i);
      if (!ProblemRegistry.names().contains(p) && !FunctionProblems.contains(p)) {
        throw new ConfigException(d.path("problems") + "/" + i + ": unknown problem '" + p + "'; known: "
            + ProblemRegistry.names() + " and " + FunctionProblems.names());
      }
      if (problems.indexOf(p) != i) {
        throw new ConfigException(d.path("problems") + "/" + i + ": '" + p + "' is named twice");
      }
    }
    int runs = d.integer("runs", 10, 1, 10_000);
    Integer epochs = null;
    if (d.has("epochs") && !d.node("epochs").isNull()) {
      epochs = d.integer("epochs", 0, 1, 10_000);
    }
    long seed = d.has("seed") ? wholeNumber(d, "seed") : 0L;
    d.done();
    return new Evaluation(problems, runs, epochs, seed);
  }

  private static long wholeNumber(ConfigDict d, String key) {
    JsonNode v = d.node(key);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new ConfigException(d.path(key) + " must be a whole number, got " + v);
    }
    return v.longValue();
  }

  private static String plainName(ConfigDict d, String key, String value) {
    if (!NAME.matcher(value).matches()) {
      throw new ConfigException(d.path(key) + " must be a plain name (letters, digits, '_', '-', '.'; not starting"
          + " with '.' or '-'), got '" + value + "'");
    }
    return value;
  }

  private static String stem(Path file) {
    String f = file.getFileName().toString();
    return f.endsWith(".json") ? f.substring(0, f.length() - 5) : f;
  }

  /** The recipe named {@code name}, or null. */
  public Recipe recipe(String name) {
    return recipes.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
  }
}
