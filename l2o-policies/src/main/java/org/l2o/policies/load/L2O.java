package org.l2o.policies.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;
import org.l2o.core.checkpoint.PolicyCheckpoint;
import org.l2o.core.checkpoint.TensorCheckpoint;
import org.l2o.core.json.ConfigException;
import org.l2o.core.json.Json;
import org.l2o.core.io.FileFormatException;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.WeightSpec;
import org.l2o.core.tf.CustomGradients;
import org.l2o.core.tf.NativeLogLevel;
import org.l2o.policies.ConstantWeights;
import org.l2o.policies.registry.PolicyRegistry;

/**
 * Reads and writes learned-optimizer packages, the Java counterpart of the original's {@code l2o.load} /
 * {@code l2o.package} (spec §11). A package is a folder holding
 *
 * <ul>
 *   <li>{@code config.json}: the experiment config (with {@code policy_constructor} and {@code policy}), plus
 *       {@code metadata} (where the weights come from) and {@code settings}
 *       {@code {"warmup": <iterations>, "warmup_rate": <rate>}} (see {@link PackageSettings} for why warm-up is
 *       in iterations);
 *   <li>{@code weights.index} + {@code weights.data-00000-of-00001}: a TensorFlow checkpoint bundle with the
 *       policy's weights under the original's keys ({@code network/.../.ATTRIBUTES/VARIABLE_VALUE}).
 * </ul>
 *
 * Any student of the {@link PolicyRegistry} can be packaged and loaded (with {@link PolicyRegistry#defaults()}:
 * RNNProp, {@code policy_constructor = "RNNPropOptimizer"}); the original's own packages of RNNProp students load
 * too. Analytical policies have no weights and are not packaged.
 *
 * <p>Loading registers the project's gradients ({@link CustomGradients#ensureRegistered()}), so the loaded
 * optimizer's {@code minimize}, and TF Java's own optimizers in the same process, can differentiate losses such as
 * {@code SparseSoftmaxCrossEntropyWithLogits} without any set-up by the caller. Its class initialisation turns
 * TensorFlow's native INFO lines off ({@link NativeLogLevel#quietByDefault()}) when it is the program's first use of
 * TensorFlow.
 */
public final class L2O {
  static {
    NativeLogLevel.quietByDefault(); // before this class's first use of TensorFlow
  }

  /** The package's config file. */
  public static final String CONFIG_FILE = "config.json";
  /** Checkpoint prefix of the weights inside a package. */
  public static final String WEIGHTS = "weights";
  /** Age after which a package writer's temporary folder is a killed writer's leftover. */
  static final Duration STALE_AFTER = Duration.ofHours(1);
  /** The policy constructor of the RNNProp student, the one the original packages. */
  public static final String RNNPROP = PolicyRegistry.RNNPROP;

  private static final String LAYOUT = CONFIG_FILE + ", " + WEIGHTS + TensorCheckpoint.INDEX_SUFFIX + " and "
      + WEIGHTS + TensorCheckpoint.DATA_SUFFIX;

  private L2O() {}

  /**
   * Loads a package folder of one of the project's students ({@link PolicyRegistry#defaults()}).
   *
   * @param packageDir the folder
   * @return the policy, its weights as constants, and the settings
   * @throws IOException naming the folder and the file or key if it is not a loadable package (missing file,
   *     malformed config.json, unsupported policy, weights that do not match the policy's config)
   */
  public static LearnedOptimizer load(Path packageDir) throws IOException {
    return load(packageDir, PolicyRegistry.defaults());
  }

  /**
   * Loads a package folder whose policy is a student of {@code registry} (e.g. the defaults plus a user's own
   * policy).
   *
   * @param packageDir the folder
   * @param registry   where the config's {@code policy_constructor} is looked up
   * @return the policy, its weights as constants, and the settings
   * @throws IOException as {@link #load(Path)}
   */
  public static LearnedOptimizer load(Path packageDir, PolicyRegistry registry) throws IOException {
    Objects.requireNonNull(packageDir, "packageDir");
    Objects.requireNonNull(registry, "registry");
    // the loaded optimizer's minimize needs these gradients; registering at load also serves TF Java's own
    // optimizers used beside it (e.g. an Adam baseline in the same program)
    CustomGradients.ensureRegistered();
    if (!Files.isDirectory(packageDir)) {
      throw new IOException("no learned-optimizer package at " + packageDir + ": "
          + (Files.exists(packageDir) ? "not a folder" : "no such folder") + " (a package is a folder holding "
          + LAYOUT + ")");
    }
    Path configFile = packageDir.resolve(CONFIG_FILE);
    if (!Files.isRegularFile(configFile)) {
      throw new IOException(packageDir + " is not a learned-optimizer package: " + CONFIG_FILE
          + " is missing (expected " + LAYOUT + ")");
    }
    Path prefix = packageDir.resolve(WEIGHTS);
    for (Path f : List.of(TensorCheckpoint.indexFile(prefix), TensorCheckpoint.dataFile(prefix))) {
      if (!Files.isRegularFile(f)) {
        throw new IOException(packageDir + " is not a complete learned-optimizer package: " + f.getFileName()
            + " is missing (expected " + LAYOUT + ")");
      }
    }
    ObjectNode config;
    try {
      config = Json.readObject(configFile, CONFIG_FILE);
    } catch (ConfigException e) {
      throw new FileFormatException(e.getMessage(), e);
    }
    UpdateRule policy = policyOf(config, configFile, registry);
    PackageSettings settings = settingsOf(config, configFile);
    Map<String, float[]> values;
    try {
      values = PolicyCheckpoint.readWeights(prefix, policy.weightSpecs());
    } catch (IOException e) {
      throw new FileFormatException("the weights of package " + packageDir + " do not fit the policy of its "
          + CONFIG_FILE + " (" + config.get("policy_constructor").asText() + " " + config.get("policy") + "): "
          + e.getMessage(), e);
    }
    return new LearnedOptimizer(policy, new ConstantWeights(policy.weightSpecs(), values), settings, config);
  }

  /**
   * Writes a package atomically: everything goes into a temporary sibling folder that is then renamed to
   * {@code dst}, so {@code dst} either does not exist or is complete. The package is checked to be loadable
   * before anything is written.
   *
   * @param dst              the package folder to create (must not exist; its parent is created if needed)
   * @param config           the experiment config ({@code policy_constructor} of a student of the default
   *                         registry, e.g. "RNNPropOptimizer", and {@code policy});
   *                         any {@code metadata} / {@code settings} in it are replaced
   * @param weights          the policy's weights by name
   * @param specs            the policy's weight specs (must equal those of the policy in {@code config})
   * @param warmupIterations default warm-up of the loaded optimizer, in iterations (100 for the paper's evaluation)
   * @param warmupRate       learning rate of the warm-up steps (0.05)
   * @param metadata         where the weights come from (written as {@code metadata})
   * @throws FileAlreadyExistsException if {@code dst} exists
   * @throws IllegalArgumentException if the config, specs, weights or settings do not form a loadable package
   */
  public static void writePackage(Path dst, ObjectNode config, Map<String, float[]> weights, List<WeightSpec> specs,
      int warmupIterations, double warmupRate, ObjectNode metadata) throws IOException {
    writePackage(dst, config, weights, specs, warmupIterations, warmupRate, metadata, PolicyRegistry.defaults());
  }

  /**
   * {@link #writePackage(Path, ObjectNode, Map, List, int, double, ObjectNode)} for a student of {@code registry}.
   *
   * @param dst              the package folder to create (must not exist; its parent is created if needed)
   * @param config           the experiment config ({@code policy_constructor} of a student of {@code registry})
   * @param weights          the policy's weights by name
   * @param specs            the policy's weight specs (must equal those of the policy in {@code config})
   * @param warmupIterations default warm-up of the loaded optimizer, in iterations
   * @param warmupRate       learning rate of the warm-up steps
   * @param metadata         where the weights come from (written as {@code metadata})
   * @param registry         where the config's {@code policy_constructor} is looked up
   * @throws IOException as the other overload
   */
  public static void writePackage(Path dst, ObjectNode config, Map<String, float[]> weights, List<WeightSpec> specs,
      int warmupIterations, double warmupRate, ObjectNode metadata, PolicyRegistry registry) throws IOException {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(dst, "dst");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(specs, "specs");
    Objects.requireNonNull(metadata, "metadata");
    if (Files.exists(dst, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(dst.toString(), null,
          "refusing to overwrite an existing file or folder; choose another destination or remove it first");
    }
    PackageSettings settings = new PackageSettings(warmupIterations, warmupRate);
    ObjectNode full = config.deepCopy();
    full.remove(List.of("metadata", "settings"));
    full.set("metadata", metadata.deepCopy());
    ObjectNode settingsNode = full.putObject("settings");
    settingsNode.put(PackageSettings.WARMUP, settings.warmupIterations());
    settingsNode.put(PackageSettings.WARMUP_RATE, settings.warmupRate());
    UpdateRule policy;
    try {
      policy = policyOf(full, Path.of(CONFIG_FILE), registry);
    } catch (FileFormatException e) {
      throw new IllegalArgumentException("cannot write package " + dst + ": " + e.getMessage(), e);
    }
    checkSpecs(dst, specs, policy.weightSpecs());
    new ConstantWeights(specs, weights); // every weight present with its spec's size

    Path target = dst.toAbsolutePath().normalize();
    Path parent = target.getParent();
    Files.createDirectories(parent);
    removeStaleTemporaries(parent, target.getFileName().toString());
    Path tmp = parent.resolve(temporaryPrefix(target.getFileName().toString()) + UUID.randomUUID());
    try {
      Files.createDirectory(tmp);
      Files.writeString(tmp.resolve(CONFIG_FILE), Json.pretty(full) + "\n", StandardCharsets.UTF_8);
      PolicyCheckpoint.write(tmp.resolve(WEIGHTS), specs, weights, null);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      deleteRecursively(tmp);
      throw e;
    }
  }

  /** The student policy of a config, from {@code registry}, with errors naming {@code file} and the key. */
  static UpdateRule policyOf(ObjectNode config, Path file, PolicyRegistry registry) throws FileFormatException {
    List<String> students = registry.students();
    String only = "only " + String.join(", ", students) + " packages are supported";
    JsonNode constructor = config.get("policy_constructor");
    if (constructor == null || !constructor.isTextual()) {
      throw new FileFormatException(file + ": policy_constructor is missing or not a string (expected one of "
          + students + ")");
    }
    String name = constructor.asText();
    if (!registry.isStudent(name)) {
      String why;
      try {
        registry.require(name);
        why = name + " is an analytical policy: it has no weights to package";
      } catch (IllegalArgumentException e) {
        why = e.getMessage();
      }
      throw new FileFormatException(file + ": policy_constructor \"" + name + "\" cannot be loaded; " + only + " ("
          + why + ")");
    }
    JsonNode policy = config.get("policy");
    if (!(policy instanceof ObjectNode)) {
      throw new FileFormatException(file + ": policy is missing or not an object (expected the " + name
          + " settings, e.g. {\"layers\": [20, 20], ...} for " + RNNPROP + ")");
    }
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = Json.mapper().convertValue(policy, Map.class);
      return registry.student(name, map);
    } catch (IllegalArgumentException e) {
      throw new FileFormatException(file + ": " + e.getMessage(), e);
    }
  }

  /** The settings of a package config, with errors naming {@code file} and the key. */
  static PackageSettings settingsOf(ObjectNode config, Path file) throws FileFormatException {
    String expected = " (expected \"settings\": {\"warmup\": <iterations>, \"warmup_rate\": <rate>})";
    JsonNode settings = config.get("settings");
    if (!(settings instanceof ObjectNode)) {
      throw new FileFormatException(file + ": settings is missing or not an object" + expected);
    }
    JsonNode warmup = settings.get(PackageSettings.WARMUP);
    JsonNode rate = settings.get(PackageSettings.WARMUP_RATE);
    if (warmup == null || !warmup.isIntegralNumber() || warmup.asLong() < 0) {
      throw new FileFormatException(file + ": settings/warmup must be a non-negative integer, got " + warmup
          + expected);
    }
    if (rate == null || !rate.isNumber() || !Double.isFinite(rate.asDouble())) {
      throw new FileFormatException(file + ": settings/warmup_rate must be a finite number, got " + rate + expected);
    }
    return new PackageSettings(warmup.asLong(), rate.asDouble());
  }

  private static void checkSpecs(Path dst, List<WeightSpec> given, List<WeightSpec> policy) {
    boolean same = given.size() == policy.size();
    for (int i = 0; same && i < given.size(); i++) {
      same = given.get(i).name().equals(policy.get(i).name()) && given.get(i).shape().equals(policy.get(i).shape());
    }
    if (!same) {
      throw new IllegalArgumentException("cannot write package " + dst + ": the weight specs "
          + describe(given) + " are not those of the config's policy " + describe(policy));
    }
  }

  private static String describe(List<WeightSpec> specs) {
    return specs.stream().map(s -> s.name() + s.shape()).toList().toString();
  }

  /** A writer's temporary folder of a package named {@code name} starts with this. */
  private static String temporaryPrefix(String name) {
    return "." + name + ".tmp-";
  }

  /**
   * Deletes the temporary folders of a package named {@code name} that a killed writer left in {@code parent}: those
   * unchanged for an hour (a package is written in well under a second, so a younger one may be another writer's).
   */
  private static void removeStaleTemporaries(Path parent, String name) throws IOException {
    String prefix = temporaryPrefix(name);
    FileTime before = FileTime.from(Instant.now().minus(STALE_AFTER));
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(parent,
        p -> p.getFileName().toString().startsWith(prefix) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
      for (Path p : leftovers) {
        if (Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).compareTo(before) < 0) {
          deleteRecursively(p);
        }
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort: a leftover temporary folder has a name no loader looks for
        }
      });
    } catch (IOException ignored) {
      // best effort, as above
    }
  }
}
