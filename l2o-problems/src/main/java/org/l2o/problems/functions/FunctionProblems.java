package org.l2o.problems.functions;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The function problems of the original's evaluation table (spec §9.3): {@code rastrigin2/10/20} (α = 10) and
 * {@code quadratic10/20/100}, each 1,000 steps.
 */
public final class FunctionProblems {

  private static final Map<String, Supplier<FunctionProblem>> ENTRIES = entries();

  private FunctionProblems() {}

  private static Map<String, Supplier<FunctionProblem>> entries() {
    Map<String, Supplier<FunctionProblem>> m = new LinkedHashMap<>();
    for (int n : new int[] {2, 10, 20}) {
      String key = "rastrigin" + n;
      m.put(key, () -> new Rastrigin(key, n, Rastrigin.DEFAULT_ALPHA, FunctionProblem.DEFAULT_STEPS));
    }
    for (int n : new int[] {10, 20, 100}) {
      String key = "quadratic" + n;
      m.put(key, () -> new Quadratic(key, n, FunctionProblem.DEFAULT_STEPS));
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  /** Keys of the function problems. */
  public static Set<String> names() {
    return ENTRIES.keySet();
  }

  /** Whether {@code key} names a function problem. */
  public static boolean contains(String key) {
    return ENTRIES.containsKey(key);
  }

  /**
   * The function problem {@code key}.
   *
   * @throws IllegalArgumentException naming the known keys
   */
  public static FunctionProblem create(String key) {
    Supplier<FunctionProblem> s = ENTRIES.get(key);
    if (s == null) {
      throw new IllegalArgumentException("unknown function problem '" + key + "'; known: " + ENTRIES.keySet());
    }
    return s.get();
  }
}
