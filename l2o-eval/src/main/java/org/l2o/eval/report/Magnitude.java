package org.l2o.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.l2o.core.json.Json;
import org.l2o.perturbations.Perturbations;

/**
 * The perturbation magnitude of a configuration, the x position in the meta-stability plot (the paper's Fig. 6).
 *
 * <p>Taken, in this order, from a {@code --magnitude NAME=X} given for the configuration, else from the
 * {@code config.json} of its first replicate folder: {@code policy/perturbation/config/} {@code noise_stddev}
 * (RandomPerturbation, PersistentRandomPerturbation), {@code magnitude} (CGDPerturbation, PGDPerturbation) or
 * {@code step_size} (FGSMPerturbation), with the original's defaults (CGD 0.005, FGSM 0.01) where the key is
 * absent; {@code 0} when {@code policy/perturbation} is null or absent. A configuration whose replicates name
 * different magnitudes, or whose config cannot be read, has none (NaN) and a {@link #note()} saying why.
 *
 * @param value       the magnitude; NaN when unknown
 * @param description where it comes from, e.g. {@code "RandomPerturbation relative noise_stddev"}
 * @param note        why it is unknown or questionable; empty when all is well
 */
public record Magnitude(double value, String description, String note) {
  private static final List<String> KEYS = List.of("noise_stddev", "magnitude", "step_size");

  /** Checks for missing values. */
  public Magnitude {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(note, "note");
  }

  /** Whether the magnitude is known. */
  public boolean known() {
    return !Double.isNaN(value);
  }

  /** The magnitude of {@code entry}: {@code override} when not null, else read from its replicates' configs. */
  public static Magnitude of(ResultEntry entry, Double override) {
    if (override != null) {
      return new Magnitude(override, "--magnitude", "");
    }
    List<Magnitude> found = new ArrayList<>();
    for (EvaluationRecord r : entry.replicates()) {
      found.add(ofReplicate(replicateFolder(r.source())));
    }
    Magnitude first = found.get(0);
    for (Magnitude m : found) {
      if (!m.known()) {
        return m;
      }
      if (Double.compare(m.value, first.value) != 0 || !m.description.equals(first.description)) {
        return new Magnitude(Double.NaN, "?", "its replicates differ in policy/perturbation (" + first.label()
            + " and " + m.label() + "); name one with --magnitude " + entry.label() + "=X");
      }
    }
    return first;
  }

  /** The magnitude in the replicate folder {@code dir} (its {@code config.json}). */
  static Magnitude ofReplicate(Path dir) {
    Path config = dir.resolve("config.json");
    if (!Files.isRegularFile(config)) {
      return new Magnitude(Double.NaN, "?", config + " does not exist; give --magnitude NAME=X");
    }
    JsonNode policy;
    try {
      policy = Json.mapper().readTree(config.toFile()).path("policy");
    } catch (IOException e) {
      return new Magnitude(Double.NaN, "?", "cannot read " + config + " (" + e.getMessage() + ")");
    }
    JsonNode perturbation = policy.path("perturbation");
    String kind = perturbation.path("class_name").asText("?");
    if (perturbation.isMissingNode() || perturbation.isNull() || kind.equals("BasePerturbation")) {
      JsonNode inputNoise = policy.path("input_noise");
      if (inputNoise.isNumber() && inputNoise.asDouble() != 0) {
        // the inoise_* presets: noise on RNNProp's inputs, not on its weights; no magnitude of this plot
        return new Magnitude(Double.NaN, "input noise " + inputNoise.asDouble(), config + ": policy/input_noise "
            + inputNoise.asDouble() + " perturbs the inputs, not the weights; give --magnitude NAME=X");
      }
      return new Magnitude(0, "no perturbation", "");
    }
    JsonNode settings = perturbation.path("config");
    String relative = settings.path("relative").asBoolean(false) ? " relative" : "";
    for (String key : KEYS) {
      JsonNode v = settings.path(key);
      if (v.isNumber()) {
        return new Magnitude(v.asDouble(), kind + relative + " " + key, "");
      }
    }
    Optional<Double> fallback = Perturbations.defaultMagnitude(kind);
    if (fallback.isPresent()) {
      return new Magnitude(fallback.get(), kind + " (default)", "");
    }
    return new Magnitude(Double.NaN, kind, config + ": policy/perturbation/config has none of " + KEYS
        + "; give --magnitude NAME=X");
  }

  /** {@code "0.0005 (RandomPerturbation relative noise_stddev)"}, or {@code "?"} when unknown. */
  public String label() {
    return known() ? format(value) + " (" + description + ")" : "?";
  }

  /** A short decimal of a magnitude: {@code 0}, {@code 0.0005}, {@code 1e-05}. */
  static String format(double v) {
    if (v == 0) {
      return "0";
    }
    String plain = String.format(Locale.ROOT, "%.6g", v).replaceAll("\\.?0+$", "");
    String sci = String.format(Locale.ROOT, "%.3e", v).replaceAll("\\.?0+e", "e");
    return plain.length() <= sci.length() + 1 ? plain : sci;
  }

  /** The replicate folder of an evaluation file {@code <replicate>/eval/<problem>/<checkpoint>.npz}. */
  private static Path replicateFolder(Path npz) {
    Path problem = npz.toAbsolutePath().getParent();
    return problem.getParent().getParent();
  }
}
