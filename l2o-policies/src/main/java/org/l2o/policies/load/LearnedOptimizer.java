package org.l2o.policies.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.regex.Pattern;
import org.l2o.core.policy.UpdateRule;
import org.l2o.policies.ConstantWeights;
import org.l2o.policies.optimizer.PolicyOptimizer;
import org.l2o.policies.optimizer.Warmup;
import org.tensorflow.Graph;

/**
 * A loaded learned optimizer (what the original's {@code l2o.load} returns, spec §11): the policy (any student
 * update rule of the policy registry, e.g. RNNProp), its trained weights as graph constants, and the package's
 * settings. {@link #optimizer(Graph)} gives a fresh drop-in TF
 * Java optimizer for a user's graph; the weights are constants, so the user's {@code minimize} never trains them.
 */
public final class LearnedOptimizer {
  private static final Pattern INVALID_CHARS = Pattern.compile("[^A-Za-z0-9_.\\-]");

  private final UpdateRule policy;
  private final ConstantWeights weights;
  private final PackageSettings settings;
  private final ObjectNode config;

  /**
   * @param policy   the policy built from the config
   * @param weights  its trained weights (one value per {@link UpdateRule#weightSpecs()} entry)
   * @param settings the package's settings
   * @param config   the package's whole config.json (copied)
   */
  public LearnedOptimizer(UpdateRule policy, ConstantWeights weights, PackageSettings settings, ObjectNode config) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.weights = Objects.requireNonNull(weights, "weights");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.config = Objects.requireNonNull(config, "config").deepCopy();
  }

  /**
   * The policy.
   *
   * @return the update rule built from the package's config
   */
  public UpdateRule policy() {
    return policy;
  }

  /**
   * The policy as the class a caller relies on (e.g. {@code RnnProp.class} to read its layers).
   *
   * @param <R>  the expected policy class
   * @param type the expected policy class
   * @return the policy
   *
   * @throws IllegalStateException naming both classes if the package holds another policy
   */
  public <R extends UpdateRule> R policy(Class<R> type) {
    if (!type.isInstance(policy)) {
      throw new IllegalStateException("the package's policy is " + policy.getClass().getSimpleName() + " ("
          + policy.name() + "), not " + type.getSimpleName());
    }
    return type.cast(policy);
  }

  /**
   * The trained weights as graph constants.
   *
   * @return the weights
   */
  public ConstantWeights weights() {
    return weights;
  }

  /**
   * The settings (default warm-up).
   *
   * @return the package's settings
   */
  public PackageSettings settings() {
    return settings;
  }

  /**
   * A copy of the package's config.json.
   *
   * @return the config
   */
  public ObjectNode config() {
    return config.deepCopy();
  }

  /**
   * A copy of the package's {@code metadata} (an empty object if it has none).
   *
   * @return the metadata
   */
  public ObjectNode metadata() {
    return config.get("metadata") instanceof ObjectNode m ? m.deepCopy() : config.objectNode();
  }

  /**
   * A fresh optimizer for the variables of {@code graph}, with the package's warm-up.
   *
   * @param graph the graph holding the variables to train
   * @return a drop-in TF Java optimizer
   */
  public PolicyOptimizer optimizer(Graph graph) {
    return optimizer(graph, settings.warmup());
  }

  /**
   * A fresh optimizer for the variables of {@code graph} with another warm-up (e.g. {@link Warmup#NONE}, or
   * {@code new Warmup(1, 0.05f)} for the original {@code l2o.load}'s literal reading of a curriculum package).
   *
   * @param graph  the graph holding the variables to train
   * @param warmup the warm-up
   * @return a drop-in TF Java optimizer
   */
  public PolicyOptimizer optimizer(Graph graph, Warmup warmup) {
    return new PolicyOptimizer(graph, optimizerName(), policy, weights, warmup);
  }

  /** The policy's name made a valid op name (the optimizer's scope). */
  private String optimizerName() {
    String name = INVALID_CHARS.matcher(policy.name()).replaceAll("_");
    return name.isEmpty() || name.startsWith("_") || name.startsWith("-") ? "LearnedOptimizer" : name;
  }
}
