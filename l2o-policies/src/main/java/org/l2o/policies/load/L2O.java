package org.l2o.policies.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import org.l2o.core.policy.WeightSpec;
import org.l2o.policies.ConstantWeights;
import org.l2o.policies.rnnprop.RnnProp;
import org.l2o.policies.rnnprop.RnnPropConfig;

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
 * Only RNNProp packages ({@code policy_constructor = "RNNPropOptimizer"}) can be loaded; the original's own
 * packages of RNNProp students load too.
 */
public final class L2O {
  /** The package's config file. */
  public static final String CONFIG_FILE = "config.json";
  /** Checkpoint prefix of the weights inside a package. */
  public static final String WEIGHTS = "weights";
  /** The only policy constructor that can be loaded. */
  public static final String RNNPROP = "RNNPropOptimizer";

  private static final String LAYOUT = CONFIG_FILE + ", " + WEIGHTS + TensorCheckpoint.INDEX_SUFFIX + " and "
      + WEIGHTS + TensorCheckpoint.DATA_SUFFIX;

  private L2O() {}

  /**
   * Loads a package folder.
   *
   * @param packageDir the folder
   * @return the policy, its weights as constants, and the settings
   * @throws IOException naming the folder and the file or key if it is not a loadable package (missing file,
   *     malformed config.json, unsupported policy, weights that do not match the policy's config)
   */
  public static LearnedOptimizer load(Path packageDir) throws IOException {
    Objects.requireNonNull(packageDir, "packageDir");
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
    RnnProp policy = policyOf(config, configFile);
    PackageSettings settings = settingsOf(config, configFile);
    Map<String, float[]> values;
    try {
      values = PolicyCheckpoint.readWeights(prefix, policy.weightSpecs());
    } catch (IOException e) {
      throw new FileFormatException("the weights of package " + packageDir + " do not fit the policy of its "
          + CONFIG_FILE + " (RNNProp, layers " + policy.config().layers() + "): " + e.getMessage(), e);
    }
    return new LearnedOptimizer(policy, new ConstantWeights(policy.weightSpecs(), values), settings, config);
  }

  /**
   * Writes a package atomically: everything goes into a temporary sibling folder that is then renamed to
   * {@code dst}, so {@code dst} either does not exist or is complete. The package is checked to be loadable
   * before anything is written.
   *
   * @param dst              the package folder to create (must not exist; its parent is created if needed)
   * @param config           the experiment config ({@code policy_constructor} "RNNPropOptimizer" and {@code policy});
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
    RnnProp policy;
    try {
      policy = policyOf(full, Path.of(CONFIG_FILE));
    } catch (FileFormatException e) {
      throw new IllegalArgumentException("cannot write package " + dst + ": " + e.getMessage(), e);
    }
    checkSpecs(dst, specs, policy.weightSpecs());
    new ConstantWeights(specs, weights); // every weight present with its spec's size

    Path target = dst.toAbsolutePath().normalize();
    Path parent = target.getParent();
    Files.createDirectories(parent);
    Path tmp = parent.resolve("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
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

  /** The RNNProp policy of a config, with errors naming {@code file} and the key. */
  static RnnProp policyOf(ObjectNode config, Path file) throws FileFormatException {
    JsonNode constructor = config.get("policy_constructor");
    if (constructor == null || !constructor.isTextual()) {
      throw new FileFormatException(file + ": policy_constructor is missing or not a string (expected \""
          + RNNPROP + "\")");
    }
    if (!RNNPROP.equals(constructor.asText())) {
      throw new FileFormatException(file + ": policy_constructor \"" + constructor.asText()
          + "\" cannot be loaded; only " + RNNPROP + " packages are supported");
    }
    JsonNode policy = config.get("policy");
    if (!(policy instanceof ObjectNode)) {
      throw new FileFormatException(file + ": policy is missing or not an object (expected the "
          + RNNPROP + " settings, e.g. {\"layers\": [20, 20], ...})");
    }
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = Json.mapper().convertValue(policy, Map.class);
      return new RnnProp(RnnPropConfig.fromConfig(map));
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
