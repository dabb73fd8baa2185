package org.l2o.core.tf;

import java.util.function.UnaryOperator;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;

/**
 * Creates sessions with the project's thread settings. The system properties
 * {@value #INTRA_PROPERTY} and {@value #INTER_PROPERTY} set TensorFlow's intra-/inter-op thread pools;
 * when unset, TensorFlow's defaults apply.
 */
public final class TfSessions {

  /** System property: intra-op parallelism threads. */
  public static final String INTRA_PROPERTY = "l2o.threads.intra";
  /** System property: inter-op parallelism threads. */
  public static final String INTER_PROPERTY = "l2o.threads.inter";

  private TfSessions() {}

  /** A new session on {@code graph} configured from the system properties; the caller closes it. */
  public static Session newSession(Graph graph) {
    return new Session(graph, config(System::getProperty));
  }

  /**
   * The session configuration for the given property source (property name to value, or null if unset).
   *
   * @throws IllegalArgumentException if a thread count is not a non-negative integer
   */
  public static ConfigProto config(UnaryOperator<String> properties) {
    ConfigProto.Builder b = ConfigProto.newBuilder();
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
