package org.l2o.perturbations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.l2o.core.json.ConfigException;
import org.l2o.core.perturbation.Perturbation;

/**
 * Reads the original's {@code policy/perturbation} spec, {@code {"class_name": .., "config": {..}}} (spec §8), into a
 * {@link Perturbation}. Null means none. Unknown class names and keys, values of the wrong kind and missing required
 * values are {@link ConfigException}s naming the full path ({@code policy/perturbation/config/<key>}).
 *
 * <table>
 *   <caption>class names, their keys and defaults</caption>
 *   <tr><th>class_name</th><th>config (default)</th></tr>
 *   <tr><td>BasePerturbation</td><td>none: no perturbation</td></tr>
 *   <tr><td>RandomPerturbation</td><td>noise_stddev (required), relative (false), epsilon (1e-8),
 *       stop_sigma_gradient (false; this project's)</td></tr>
 *   <tr><td>FGSMPerturbation</td><td>step_size (0.01)</td></tr>
 *   <tr><td>PGDPerturbation</td><td>steps, magnitude, norm (l2, inf or scale), learning_rate (all required)</td></tr>
 *   <tr><td>CGDPerturbation</td><td>steps (1), magnitude (0.005), normalize (false; this project's)</td></tr>
 *   <tr><td>PersistentRandomPerturbation</td><td>noise_stddev (required)</td></tr>
 * </table>
 */
public final class Perturbations {
  /** The config path of the spec. */
  public static final String PATH = "policy/perturbation";
  /** FGSMPerturbation's {@code step_size} when the config has none (the original's default). */
  public static final double DEFAULT_FGSM_STEP_SIZE = 0.01;
  /** CGDPerturbation's {@code magnitude} when the config has none (the original's default). */
  public static final double DEFAULT_CGD_MAGNITUDE = 0.005;
  /** Most attack steps per window (each costs one more unroll with its backward pass). */
  public static final int MAX_STEPS = 1000;

  private static final Map<String, Set<String>> KEYS = Map.of(
      "BasePerturbation", Set.of(),
      "RandomPerturbation", Set.of("noise_stddev", "relative", "epsilon", "stop_sigma_gradient"),
      "FGSMPerturbation", Set.of("step_size"),
      "PGDPerturbation", Set.of("steps", "magnitude", "norm", "learning_rate"),
      "CGDPerturbation", Set.of("steps", "magnitude", "normalize"),
      "PersistentRandomPerturbation", Set.of("noise_stddev"));

  private Perturbations() {}

  /**
   * The magnitude a spec of {@code className} has when its config names none: FGSM's step size and CGD's
   * magnitude; empty for the classes whose magnitude is required (or that have none).
   */
  public static Optional<Double> defaultMagnitude(String className) {
    return switch (className == null ? "" : className) {
      case "FGSMPerturbation" -> Optional.of(DEFAULT_FGSM_STEP_SIZE);
      case "CGDPerturbation" -> Optional.of(DEFAULT_CGD_MAGNITUDE);
      default -> Optional.empty();
    };
  }

  /** The accepted class names, sorted. */
  public static List<String> classNames() {
    return List.copyOf(new TreeSet<>(KEYS.keySet()));
  }

  /**
   * The perturbation of a spec.
   *
   * @param spec the {@code {class_name, config}} dict, or null for none
   * @throws ConfigException naming the path at fault
   */
  public static Perturbation fromConfig(Object spec) {
    if (spec == null) {
      return Perturbation.NONE;
    }
    if (!(spec instanceof Map<?, ?> map)) {
      throw new ConfigException(PATH + ": expected null or {'class_name': .., 'config': {..}}, got " + spec);
    }
    for (Object key : map.keySet()) {
      if (!"class_name".equals(key) && !"config".equals(key)) {
        throw new ConfigException(PATH + "/" + key + ": unknown key; a perturbation has 'class_name' and 'config'");
      }
    }
    if (!(map.get("class_name") instanceof String className)) {
      throw new ConfigException(PATH + "/class_name: expected one of " + classNames() + ", got "
          + map.get("class_name"));
    }
    Set<String> known = KEYS.get(className);
    if (known == null) {
      throw new ConfigException(PATH + "/class_name: unknown perturbation '" + className + "'; known: "
          + classNames());
    }
    Object raw = map.get("config");
    if (raw != null && !(raw instanceof Map<?, ?>)) {
      throw new ConfigException(PATH + "/config: expected a dict of " + className + "'s arguments, got " + raw);
    }
    Map<String, Object> config = new LinkedHashMap<>();
    if (raw != null) {
      ((Map<?, ?>) raw).forEach((k, v) -> config.put(String.valueOf(k), v));
    }
    for (String key : config.keySet()) {
      if (!known.contains(key)) {
        throw new ConfigException(PATH + "/config/" + key + ": unknown argument of " + className + "; known: "
            + new TreeSet<>(known));
      }
    }
    Args a = new Args(config);
    try {
      return switch (className) {
        case "BasePerturbation" -> Perturbation.NONE;
        case "RandomPerturbation" -> new GaussianNoise(a.number("noise_stddev", null), a.bool("relative", false),
            a.number("epsilon", 1e-8), a.bool("stop_sigma_gradient", false));
        case "FGSMPerturbation" -> new Fgsm(a.number("step_size", DEFAULT_FGSM_STEP_SIZE));
        case "PGDPerturbation" -> new Pgd(a.steps(null), a.number("magnitude", null), a.norm(),
            a.number("learning_rate", null));
        case "CGDPerturbation" -> new AdaptivePgd(a.steps(1), a.number("magnitude", DEFAULT_CGD_MAGNITUDE),
            a.bool("normalize", false));
        case "PersistentRandomPerturbation" -> new PersistentGaussian(a.number("noise_stddev", null));
        default -> throw new IllegalStateException(className);
      };
    } catch (IllegalArgumentException e) {
      // the constructors name the argument; the path says where it is
      throw new ConfigException(PATH + "/config: " + e.getMessage(), e);
    }
  }

  /** Typed reading of the config dict, naming the key in every refusal. */
  private record Args(Map<String, Object> config) {
    private Object required(String key) {
      Object v = config.get(key);
      if (v == null) {
        throw new ConfigException(PATH + "/config/" + key + ": required, missing");
      }
      return v;
    }

    double number(String key, Double fallback) {
      Object v = fallback == null ? required(key) : config.getOrDefault(key, fallback);
      if (v == null) {
        return fallback;
      }
      if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < 0) {
        throw new ConfigException(PATH + "/config/" + key + ": expected a finite number >= 0, got " + v);
      }
      return n.doubleValue();
    }

    boolean bool(String key, boolean fallback) {
      Object v = config.get(key);
      if (v == null) {
        return fallback;
      }
      if (!(v instanceof Boolean b)) {
        throw new ConfigException(PATH + "/config/" + key + ": expected True or False, got " + v);
      }
      return b;
    }

    int steps(Integer fallback) {
      Object v = fallback == null ? required("steps") : config.getOrDefault("steps", fallback);
      if (v == null) {
        return fallback;
      }
      if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 0
          || ((Number) v).longValue() > MAX_STEPS) {
        throw new ConfigException(PATH + "/config/steps: expected an integer from 0 to " + MAX_STEPS + ", got " + v);
      }
      return ((Number) v).intValue();
    }

    Pgd.Norm norm() {
      Object v = required("norm");
      if (!(v instanceof String s)) {
        throw new ConfigException(PATH + "/config/norm: expected one of 'l2', 'inf', 'scale', got " + v);
      }
      try {
        return Pgd.Norm.of(s);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(PATH + "/config/norm: " + e.getMessage(), e);
      }
    }
  }
}
