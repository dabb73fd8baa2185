package org.l2o.core.tf;

import java.util.function.UnaryOperator;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * Creates sessions with the project's thread settings. The system properties
 * {@value #INTRA_PROPERTY} and {@value #INTER_PROPERTY} set TensorFlow's intra-/inter-op thread pools;
 * when unset, TensorFlow's defaults apply. Every session gets the process's {@link TfDevices#selection() device
 * selection}, and a session opened on a thread with a {@link TfDevices#onThread device} has its graph placed there.
 */
public final class TfSessions {

  /** System property: intra-op parallelism threads. */
  public static final String INTRA_PROPERTY = "l2o.threads.intra";
  /** System property: inter-op parallelism threads. */
  public static final String INTER_PROPERTY = "l2o.threads.inter";
  /**
   * System property for graphs without variables ({@link #newStatelessSession}): {@code on} lets grappler
   * optimise them, {@code off} (the default) skips it.
   */
  public static final String GRAPPLER_PROPERTY = "l2o.grappler";
  /**
   * System property: {@code off} turns TensorFlow's classic graph optimisation (common subexpression elimination,
   * constant folding, function inlining: {@code OptimizerOptions} L1) off on the stateless graphs; on by default.
   * Measured at unroll 100, second order: off cuts the first run by a quarter (62 s instead of 82 s) but makes
   * every window 13% slower (common subexpressions are computed again), so it pays only for a few windows.
   */
  public static final String GRAPH_OPTIMIZATION_PROPERTY = "l2o.graph_optimization";

  private TfSessions() {}

  /**
   * A new session on {@code graph} configured from the system properties; the caller closes it.
   *
   * @param graph the graph
   * @return the session
   */
  public static Session newSession(Graph graph) {
    placeOnThreadDevice(graph);
    return new Session(graph, config(System::getProperty));
  }

  /**
   * A new session on a graph without variables (the meta-training unroll graphs), configured from the system
   * properties, with grappler's graph optimisation off unless {@value #GRAPPLER_PROPERTY}{@code =on}. Grappler
   * spends most of an unroll graph's first run (a minute and more at unroll 100) optimising a graph that is run
   * thousands of times at about the same speed without it; it is needed only where variables are initialised
   * from shapes of other variables (framework optimizers), which these graphs never do.
   *
   * @param graph the graph, which holds no variables
   * @return the session
   */
  public static Session newStatelessSession(Graph graph) {
    placeOnThreadDevice(graph);
    return new Session(graph, statelessConfig(System::getProperty));
  }

  private static void placeOnThreadDevice(Graph graph) {
    String device = TfDevices.threadDevice();
    if (device != null) {
      TfDevices.place(graph, device);
    }
  }

  /**
   * The configuration of {@link #newStatelessSession} for the given property source.
   *
   * @param properties the property source: name to value, or null if unset
   * @return the configuration
   */
  public static ConfigProto statelessConfig(UnaryOperator<String> properties) {
    ConfigProto.Builder b = config(properties).toBuilder();
    GraphOptions.Builder graph = GraphOptions.newBuilder();
    if (!grappler(properties)) {
      graph.setRewriteOptions(RewriterConfig.newBuilder().setDisableMetaOptimizer(true));
    }
    if (!onOff(properties, GRAPH_OPTIMIZATION_PROPERTY, true)) {
      graph.setOptimizerOptions(OptimizerOptions.newBuilder().setOptLevel(OptimizerOptions.Level.L0)
          .setDoCommonSubexpressionElimination(false).setDoConstantFolding(false).setDoFunctionInlining(false));
    }
    return b.setGraphOptions(graph).build();
  }

  /** Whether {@value #GRAPPLER_PROPERTY} asks for grappler on stateless graphs (default: no). */
  static boolean grappler(UnaryOperator<String> properties) {
    return onOff(properties, GRAPPLER_PROPERTY, false);
  }

  /** Whether the property {@code key} is {@code on} or {@code off} (unset or blank: {@code fallback}). */
  private static boolean onOff(UnaryOperator<String> properties, String key, boolean fallback) {
    String v = properties.apply(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    if (v.trim().equals("off")) {
      return false;
    }
    if (v.trim().equals("on")) {
      return true;
    }
    throw new IllegalArgumentException("system property " + key + " must be on or off, got '" + v + "'");
  }

  /**
   * The session configuration for the given property source (property name to value, or null if unset) and the
   * process's device selection.
   *
   * @param properties the property source
   * @return the configuration
   * @throws IllegalArgumentException if a thread count is not a non-negative integer
   */
  public static ConfigProto config(UnaryOperator<String> properties) {
    ConfigProto.Builder b = ConfigProto.newBuilder();
    TfDevices.selection().applyTo(b);
    Integer intra = threads(properties, INTRA_PROPERTY);
    Integer inter = threads(properties, INTER_PROPERTY);
    if (intra != null) {
      b.setIntraOpParallelismThreads(intra);
    }
    if (inter != null) {
      b.setInterOpParallelismThreads(inter);
    }
    return b.build();
  }

  private static Integer threads(UnaryOperator<String> properties, String key) {
    String v = properties.apply(key);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "system property " + key + " must be a non-negative integer (0 = TensorFlow default), got '" + v + "'");
    }
  }
}
