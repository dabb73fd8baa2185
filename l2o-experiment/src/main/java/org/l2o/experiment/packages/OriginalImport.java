package org.l2o.experiment.packages;

import org.l2o.policies.load.LearnedOptimizer;
import org.l2o.policies.load.L2O;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.l2o.core.checkpoint.PolicyCheckpoint;
import org.l2o.core.checkpoint.TensorCheckpoint;
import org.l2o.core.json.Json;
import org.l2o.experiment.config.Configs;
import org.l2o.core.io.FileFormatException;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.WeightSpec;
import org.l2o.core.train.HostTensor;
import org.l2o.policies.registry.PolicyRegistry;
import org.l2o.policies.rnnprop.RnnProp;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * Turns one of the original's released RNNProp checkpoints (spec §14: {@code weights.index} +
 * {@code weights.data-00000-of-00001}, trained with the curriculum strategy and the default rnnprop config) into
 * a package that {@link L2O#load} reads. The package's config is the project's defaults for curriculum + rnnprop
 * with the {@code conv_train} problem (the original kept no config with these weights), its metadata says where
 * the weights came from, and its warm-up is the evaluation's 100 SGD iterations at 0.05.
 */
public final class OriginalImport {
  /** Warm-up of an imported package: validation_warmup (1) * validation_unroll (100) iterations (spec §9.1). */
  public static final int WARMUP_ITERATIONS = 100;
  /** Warm-up rate of an imported package (validation_warmup_rate). */
  public static final double WARMUP_RATE = 0.05;

  /** The object graph TensorFlow Python's object-based checkpoints store; see {@link #requireWrittenByTheOriginal}. */
  public static final String OBJECT_GRAPH_KEY = "_CHECKPOINTABLE_OBJECT_GRAPH";

  private static final String ITER_KEY = "optimizer/iter/.ATTRIBUTES/VARIABLE_VALUE";
  private static final String CONV_TRAIN = """
      {"target": "conv_classifier", "args": [], "kwargs": {"layers": [[16, 3, 1], 2, [32, 5, 1], 2],
       "head_type": "dense", "activation": "relu", "dataset": "mnist", "batch_size": 128, "shuffle_buffer": 16384}}
      """;

  private OriginalImport() {}

  /**
   * Imports a released checkpoint into a new package.
   *
   * @param src a folder holding {@code weights.index} + {@code weights.data-00000-of-00001}, or a checkpoint
   *            prefix ({@code <prefix>.index} + {@code <prefix>.data-00000-of-00001}; the {@code .index} file's
   *            own path is accepted too)
   * @param dst the package folder to create (must not exist)
   * @return the written package, loaded back
   * @throws IOException if {@code src} is not an RNNProp checkpoint of the original (the message names the missing
   *     key or the wrong shape, or says that this project wrote it) or {@code dst} exists
   */
  public static LearnedOptimizer importCheckpoint(Path src, Path dst) throws IOException {
    Path prefix = resolvePrefix(src);
    ObjectNode config = defaultConfig();
    RnnProp policy = policyOf(config);
    Map<String, float[]> weights = readReleased(prefix, policy);
    requireWrittenByTheOriginal(prefix);
    ObjectNode metadata = Json.nodes().objectNode();
    metadata.put("source", "original");
    metadata.put("checkpoint", shortName(prefix));
    Long iterations = outerIterations(prefix);
    if (iterations != null) {
      metadata.put("outer_iterations", iterations);
    }
    metadata.put("data_sha256", sha256(TensorCheckpoint.dataFile(prefix)));
    metadata.put("imported_by", "l2o import-original");
    L2O.writePackage(dst, config, weights, policy.weightSpecs(), WARMUP_ITERATIONS, WARMUP_RATE, metadata);
    return L2O.load(dst);
  }

  /**
   * The student of an import config, built by the policy registry, so that the weights read are exactly those of
   * the policy the package's config describes. The released checkpoints are RNNProp's, hence the type.
   */
  private static RnnProp policyOf(ObjectNode config) {
    @SuppressWarnings("unchecked")
    Map<String, Object> policy = Json.mapper().convertValue(config.get("policy"), Map.class);
    UpdateRule rule = PolicyRegistry.defaults().student(config.get("policy_constructor").asText(), policy);
    if (!(rule instanceof RnnProp rnnProp)) {
      throw new IllegalStateException("the import config's policy is " + rule.name() + ", not RNNProp");
    }
    return rnnProp;
  }

  /** The config of an imported package: defaults for curriculum + rnnprop, problems = [conv_train]. */
  public static ObjectNode defaultConfig() {
    ObjectNode config = Configs.defaults("curriculum", "rnnprop");
    try {
      ArrayNode problems = Json.nodes().arrayNode();
      problems.add(Json.mapper().readTree(CONV_TRAIN));
      config.set("problems", problems);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("built-in conv_train problem config is malformed", e);
    }
    return config;
  }

  /**
   * The checkpoint prefix named by {@code src}: {@code src/weights} for a folder, {@code src} minus
   * {@code .index} for an index file, else {@code src} itself.
   *
   * @throws IOException if no complete bundle is there (the message says what was expected)
   */
  public static Path resolvePrefix(Path src) throws IOException {
    Path prefix;
    if (Files.isDirectory(src)) {
      prefix = src.resolve(L2O.WEIGHTS);
      if (!TensorCheckpoint.exists(prefix)) {
        throw new IOException("no checkpoint in folder " + src + ": expected " + L2O.WEIGHTS
            + TensorCheckpoint.INDEX_SUFFIX + " and " + L2O.WEIGHTS + TensorCheckpoint.DATA_SUFFIX
            + indexFilesHint(src));
      }
      return prefix;
    }
    String name = src.getFileName() == null ? "" : src.getFileName().toString();
    prefix = name.endsWith(TensorCheckpoint.INDEX_SUFFIX)
        ? src.resolveSibling(name.substring(0, name.length() - TensorCheckpoint.INDEX_SUFFIX.length()))
        : src;
    if (!TensorCheckpoint.exists(prefix)) {
      throw new IOException("no checkpoint at " + src + ": expected a folder holding " + L2O.WEIGHTS
          + TensorCheckpoint.INDEX_SUFFIX + " + " + L2O.WEIGHTS + TensorCheckpoint.DATA_SUFFIX
          + ", or a checkpoint prefix P with P" + TensorCheckpoint.INDEX_SUFFIX + " + P" + TensorCheckpoint.DATA_SUFFIX);
    }
    return prefix;
  }

  /**
   * Reads and checks the weights of a released RNNProp checkpoint: every weight key must be present, float32,
   * of the policy's shape and finite.
   *
   * @throws FileFormatException naming the checkpoint and the missing key, the wrong shape or the bad value
   */
  public static Map<String, float[]> readReleased(Path prefix, RnnProp policy) throws IOException {
    String notOurs = "checkpoint " + prefix + " is not an RNNProp checkpoint of the original (layers "
        + policy.config().layers() + ")";
    Map<String, Class<? extends TType>> keys = new LinkedHashMap<>();
    for (WeightSpec spec : policy.weightSpecs()) {
      keys.put(PolicyCheckpoint.weightKey(spec.name()), TFloat32.class);
    }
    Map<String, HostTensor> read;
    try {
      read = TensorCheckpoint.read(prefix, keys);
    } catch (IOException e) {
      throw diagnose(prefix, keys, notOurs, e);
    }
    Map<String, float[]> out = new LinkedHashMap<>();
    for (WeightSpec spec : policy.weightSpecs()) {
      HostTensor t = read.get(PolicyCheckpoint.weightKey(spec.name()));
      if (!t.shape().equals(spec.shape())) {
        throw new FileFormatException(notOurs + ": weight '" + spec.name() + "' has shape " + t.shape()
            + ", expected " + spec.shape());
      }
      float[] values = t.floats();
      for (int i = 0; i < values.length; i++) {
        if (!Float.isFinite(values[i])) {
          throw new FileFormatException("checkpoint " + prefix + ": weight '" + spec.name() + "' holds a non-finite"
              + " value (" + values[i] + " at flat index " + i + ")");
        }
      }
      out.put(spec.name(), values);
    }
    return out;
  }

  /**
   * Refuses a checkpoint this project wrote (an experiment's {@code checkpoint/<name>} or a package's
   * {@code weights}): importing it would label its weights as the original's, with the original's config and
   * warm-up. The original saved with TensorFlow's object-based {@code tf.train.Checkpoint}, which always stores the
   * object graph under {@value #OBJECT_GRAPH_KEY}; this project's SaveV2 bundles never hold that key.
   *
   * @throws FileFormatException naming the checkpoint and pointing to {@code l2o package}
   */
  public static void requireWrittenByTheOriginal(Path prefix) throws IOException {
    if (!TensorCheckpoint.contains(prefix, OBJECT_GRAPH_KEY, TString.class)) {
      throw new FileFormatException("checkpoint " + prefix + " was written by l2o, not by the original (it has no "
          + OBJECT_GRAPH_KEY + ", which every checkpoint of the original holds); import-original is for the"
          + " original's released weights. Package an l2o experiment with `l2o package EXPERIMENT DST` (it keeps the"
          + " experiment's config and warm-up); an l2o package folder is evaluated and loaded as it is");
    }
  }

  /** Finds which key made a read fail (missing or of another type), reading them one at a time. */
  private static IOException diagnose(Path prefix, Map<String, Class<? extends TType>> keys, String notOurs,
      IOException failure) {
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, Class<? extends TType>> e : keys.entrySet()) {
      try {
        TensorCheckpoint.read(prefix, Map.of(e.getKey(), e.getValue()));
      } catch (IOException single) {
        if (String.valueOf(single.getMessage()).contains("not found")) {
          missing.add(e.getKey());
        } else {
          return new FileFormatException(notOurs + ": cannot read '" + e.getKey() + "' as float32: "
              + single.getMessage(), single);
        }
      }
    }
    if (missing.isEmpty()) {
      return failure;
    }
    return new FileFormatException(notOurs + ": missing key '" + missing.get(0) + "'"
        + (missing.size() > 1 ? " and " + (missing.size() - 1) + " more of " + keys.size() : "")
        + " (expected the policy weights under <name>/.ATTRIBUTES/VARIABLE_VALUE)", failure);
  }

  /** The outer Adam's step count of the checkpoint, or null if it has none. */
  private static Long outerIterations(Path prefix) {
    try {
      return TensorCheckpoint.read(prefix, Map.of(ITER_KEY, TInt64.class)).get(ITER_KEY).longs()[0];
    } catch (IOException | RuntimeException e) {
      return null; // provenance only: a checkpoint without the outer optimizer is still importable
    }
  }

  /** The last (up to three) path elements of the prefix, e.g. {@code choice-large/1/weights}. */
  private static String shortName(Path prefix) {
    Path abs = prefix.toAbsolutePath().normalize();
    int n = abs.getNameCount();
    return abs.subpath(Math.max(0, n - 3), n).toString().replace('\\', '/');
  }

  private static String indexFilesHint(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      List<String> index = files.map(p -> p.getFileName().toString())
          .filter(f -> f.endsWith(TensorCheckpoint.INDEX_SUFFIX)).sorted().toList();
      return index.isEmpty() ? "" : " (found " + index + "; pass the prefix path, e.g. " + dir.resolve(
          index.get(0).substring(0, index.get(0).length() - TensorCheckpoint.INDEX_SUFFIX.length())) + ")";
    } catch (IOException e) {
      return "";
    }
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
