package org.l2o.policies.optimizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.Weights;
import org.l2o.policies.analytical.AnalyticalRules;
import org.tensorflow.Graph;

/**
 * The baseline optimizers of the original's {@code baseline.py} (spec §9.5, §4.4 table, §17), plus
 * the pool rules with their teacher hyper-parameters (spec §7.2) under {@code <rule>_l2o}.
 *
 * <p>Names as in the original: {@code adam}, {@code rmsprop}, {@code sgd} and {@code momentum} are the
 * Keras optimizers (with Keras' epsilon 1e-7); {@code momentum_custom}, {@code addsign}, {@code powersign}
 * and the non-Keras {@code _deep} rows are the original's own rules, which pass no epsilon and so use the
 * class default 1e-7 (not the teachers' 1e-10). No baseline has a warm-up.
 */
public final class Baselines {

  /**
   * One named baseline.
   *
   * @param name          the name used on the command line and in result paths
   * @param description   one line for listings
   * @param optimizerName base name of the optimizer's ops
   * @param rule          builds the baseline's update rule
   */
  public record Baseline(String name, String description, String optimizerName, Supplier<UpdateRule> rule) {
    /**
     * Checks that no component is null.
     *
     * @param name the name used on the command line and in result paths
     * @param description one line for listings
     * @param optimizerName base name of the optimizer's ops
     * @param rule builds the baseline's update rule
     * @throws NullPointerException if a component is null
     */
    public Baseline {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(optimizerName, "optimizerName");
      Objects.requireNonNull(rule, "rule");
    }

    /**
     * A fresh optimizer for the variables of {@code graph}.
     *
     * @param graph the graph holding the variables to optimize
     * @return a new optimizer with a fresh rule, no weights and no warm-up
     */
    public PolicyOptimizer create(Graph graph) {
      return new PolicyOptimizer(graph, optimizerName, rule.get(), Weights.NONE, Warmup.NONE);
    }
  }

  private static final Map<String, Baseline> BASELINES = build();

  /** The policies the original's grid search tunes (spec §9.6), in its order. */
  public static final List<String> GRID_SEARCH_POLICIES =
      List.of("adam", "rmsprop", "sgd", "momentum", "addsign", "powersign");

  /** The suffix of a grid-searched policy's name in baseline results ({@code adam_gs}). */
  public static final String GRID_SEARCH_SUFFIX = "_gs";

  private Baselines() {}

  /** {@return all baselines, in listing order} */
  public static List<Baseline> list() {
    return List.copyOf(BASELINES.values());
  }

  /** {@return all baseline names, in listing order} */
  public static List<String> names() {
    return List.copyOf(BASELINES.keySet());
  }

  /**
   * The baseline called {@code name}.
   *
   * @param name the baseline's name, as {@link #names()} lists it
   * @return the baseline
   * @throws IllegalArgumentException for an unknown name (the message lists the known ones)
   */
  public static Baseline get(String name) {
    Baseline b = BASELINES.get(name);
    if (b == null) {
      throw new IllegalArgumentException("unknown baseline optimizer '" + name + "'; known: " + names());
    }
    return b;
  }

  /**
   * A fresh optimizer of the baseline called {@code name} for the variables of {@code graph}.
   *
   * @param name the baseline's name
   * @param graph the graph holding the variables to optimize
   * @return a new optimizer with a fresh rule, no weights and no warm-up
   * @throws IllegalArgumentException for an unknown name
   */
  public static PolicyOptimizer create(String name, Graph graph) {
    return get(name).create(Objects.requireNonNull(graph, "graph"));
  }

  /**
   * The update rule of the baseline called {@code name} (for graphs that unroll it themselves).
   *
   * @param name the baseline's name
   * @return a fresh update rule
   * @throws IllegalArgumentException for an unknown name
   */
  public static UpdateRule rule(String name) {
    return get(name).rule().get();
  }

  /**
   * One policy of the original's grid search at one learning rate, built as its {@code gridsearch.py} builds
   * it: the original's own rules (not Keras'), the other hyper-parameters fixed (betas 0.9/0.999, rho 0.9;
   * epsilon 1e-7 for Adam and RMSProp, 1e-10 for AddSign and PowerSign), no warm-up.
   *
   * @param policy       one of {@link #GRID_SEARCH_POLICIES}
   * @param learningRate the learning rate, finite and positive
   * @return the baseline, named {@code <policy>_gs}
   * @throws IllegalArgumentException for another policy or a learning rate that is not finite and positive
   */
  public static Baseline gridSearch(String policy, double learningRate) {
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learning rate " + learningRate + ": expected a finite number above 0");
    }
    String lr = " lr " + learningRate + " (grid search),";
    return switch (policy == null ? "" : policy) {
      case "adam" -> gridRule(policy, "l2o Adam," + lr + " betas 0.9/0.999, eps 1e-7", "Adam",
          Map.of("learning_rate", learningRate, "beta_1", 0.9, "beta_2", 0.999, "epsilon", 1e-7));
      case "rmsprop" -> gridRule(policy, "l2o RMSProp," + lr + " rho 0.9, eps 1e-7", "RMSProp",
          Map.of("learning_rate", learningRate, "rho", 0.9));
      case "sgd" -> gridRule(policy, "l2o SGD," + lr.substring(0, lr.length() - 1), "SGD",
          Map.of("learning_rate", learningRate));
      case "momentum" -> gridRule(policy, "l2o EMA Momentum," + lr + " beta 0.9", "Momentum",
          Map.of("learning_rate", learningRate, "beta_1", 0.9));
      case "addsign" -> gridRule(policy, "l2o AddSign," + lr + " betas 0.9/0.999, eps 1e-10", "AddSign",
          Map.of("learning_rate", learningRate, "beta_1", 0.9, "beta_2", 0.999, "epsilon", 1e-10));
      case "powersign" -> gridRule(policy, "l2o PowerSign," + lr + " betas 0.9/0.999, eps 1e-10", "PowerSign",
          Map.of("learning_rate", learningRate, "beta_1", 0.9, "beta_2", 0.999, "epsilon", 1e-10));
      default -> throw new IllegalArgumentException("unknown grid-search policy '" + policy + "'; known: "
          + GRID_SEARCH_POLICIES);
    };
  }

  private static Baseline gridRule(String policy, String description, String className, Map<String, Object> config) {
    Supplier<UpdateRule> rule = () -> AnalyticalRules.fromSpec(className, config);
    rule.get(); // a wrong config fails here, not in the first evaluation run
    return new Baseline(policy + GRID_SEARCH_SUFFIX, description, className, rule);
  }

  private static Map<String, Baseline> build() {
    List<Baseline> all = new ArrayList<>();
    // baseline.py, Keras optimizers (default --keras=True).
    all.add(keras("adam", "Keras Adam, lr 0.005, betas 0.9/0.999, eps 1e-7", "Adam",
        () -> new KerasAdam.Rule(0.005, 0.9, 0.999, 1e-7)));
    all.add(keras("rmsprop", "Keras RMSprop, lr 0.005, rho 0.9, eps 1e-7 outside the sqrt", "RMSprop",
        () -> new KerasRmsProp.Rule(0.005, 0.9, 1e-7)));
    all.add(keras("sgd", "Keras SGD, lr 0.2", "SGD", () -> new KerasSgd.Rule(0.2, 0)));
    all.add(keras("momentum", "Keras SGD with heavy-ball momentum 0.9, lr 0.5", "SGD",
        () -> new KerasSgd.Rule(0.5, 0.9)));
    // baseline.py, the original's own rules (--keras=False).
    all.add(pool("momentum_custom", "l2o EMA Momentum, lr 0.5, beta 0.9", "Momentum",
        Map.of("learning_rate", 0.5, "beta_1", 0.9)));
    all.add(pool("addsign", "l2o AddSign, lr 0.1, betas 0.9/0.999, eps 1e-7", "AddSign",
        Map.of("learning_rate", 0.1, "beta_1", 0.9, "beta_2", 0.999)));
    all.add(pool("powersign", "l2o PowerSign, lr 0.1, betas 0.9/0.999, eps 1e-7", "PowerSign",
        Map.of("learning_rate", 0.1, "beta_1", 0.9, "beta_2", 0.999)));
    all.add(keras("adam_deep", "Keras Adam, lr 0.001, betas 0.9/0.999, eps 1e-7", "Adam",
        () -> new KerasAdam.Rule(0.001, 0.9, 0.999, 1e-7)));
    all.add(keras("rmsprop_deep", "Keras RMSprop, lr 0.0005, rho 0.9, eps 1e-7 outside the sqrt", "RMSprop",
        () -> new KerasRmsProp.Rule(0.0005, 0.9, 1e-7)));
    all.add(keras("sgd_deep", "Keras SGD, lr 0.2", "SGD", () -> new KerasSgd.Rule(0.2, 0)));
    all.add(pool("momentum_deep", "l2o EMA Momentum, lr 0.2, beta 0.9", "Momentum",
        Map.of("learning_rate", 0.2, "beta_1", 0.9)));
    all.add(pool("addsign_deep", "l2o AddSign, lr 0.05, betas 0.9/0.999, eps 1e-7", "AddSign",
        Map.of("learning_rate", 0.05, "beta_1", 0.9, "beta_2", 0.999)));
    all.add(pool("powersign_deep", "l2o PowerSign, lr 0.05, betas 0.9/0.999, eps 1e-7", "PowerSign",
        Map.of("learning_rate", 0.05, "beta_1", 0.9, "beta_2", 0.999)));
    // The pool rules with the teacher presets' hyper-parameters (spec §7.2).
    all.add(pool("adam_l2o", "l2o Adam teacher: lr 0.005, betas 0.9/0.999, eps 1e-10 in the sqrt, "
        + "constant bias correction", "Adam",
        Map.of("learning_rate", 0.005, "beta_1", 0.9, "beta_2", 0.999, "epsilon", 1e-10)));
    all.add(pool("rmsprop_l2o", "l2o RMSProp teacher: lr 0.005, rho 0.9, eps 1e-10 in the sqrt", "RMSProp",
        Map.of("learning_rate", 0.005, "rho", 0.9, "epsilon", 1e-10)));
    all.add(pool("sgd_l2o", "l2o SGD teacher: lr 0.2", "SGD", Map.of("learning_rate", 0.2)));
    all.add(pool("momentum_l2o", "l2o EMA Momentum teacher: lr 0.5, beta 0.9", "Momentum",
        Map.of("learning_rate", 0.5, "beta_1", 0.9)));
    all.add(pool("powersign_l2o", "l2o PowerSign teacher: lr 0.1, betas 0.9/0.999, eps 1e-10", "PowerSign",
        Map.of("learning_rate", 0.1, "beta_1", 0.9, "beta_2", 0.999, "epsilon", 1e-10)));
    all.add(pool("addsign_l2o", "l2o AddSign teacher: lr 0.1, betas 0.9/0.999, eps 1e-10", "AddSign",
        Map.of("learning_rate", 0.1, "beta_1", 0.9, "beta_2", 0.999, "epsilon", 1e-10)));
    Map<String, Baseline> byName = new LinkedHashMap<>();
    for (Baseline b : all) {
      if (byName.put(b.name(), b) != null) {
        throw new IllegalStateException("duplicate baseline " + b.name());
      }
    }
    return byName;
  }

  private static Baseline keras(String name, String description, String optimizerName, Supplier<UpdateRule> rule) {
    return new Baseline(name, description, optimizerName, rule);
  }

  /** A baseline running one of the original's analytical rules, built through the teacher-spec parser. */
  private static Baseline pool(String name, String description, String className, Map<String, Object> config) {
    Supplier<UpdateRule> rule = () -> AnalyticalRules.fromSpec(className, config);
    rule.get(); // fail at class initialisation, not at first use, if a config is wrong
    return new Baseline(name, description, name, rule);
  }
}
