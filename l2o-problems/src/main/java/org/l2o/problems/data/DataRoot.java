package org.l2o.problems.data;

import java.nio.file.Path;

/**
 * Resolves the data cache directory: system property {@code l2o.data}, else environment variable
 * {@code L2O_DATA}, else {@code $XDG_CACHE_HOME/l2o/data}, else {@code ~/.cache/l2o/data}.
 */
public final class DataRoot {
  /** System property that names the cache directory (wins over the environment variable). */
  public static final String PROPERTY = "l2o.data";
  /** Environment variable that names the cache directory. */
  public static final String ENV = "L2O_DATA";

  private DataRoot() {}

  /** The cache directory as an absolute path (it may not exist yet). */
  public static Path resolve() {
    String prop = System.getProperty(PROPERTY);
    if (notBlank(prop)) {
      return Path.of(prop).toAbsolutePath();
    }
    String env = System.getenv(ENV);
    if (notBlank(env)) {
      return Path.of(env).toAbsolutePath();
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache = notBlank(xdg) ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return cache.resolve("l2o").resolve("data").toAbsolutePath();
  }

  /** Says which setting chose the cache directory, for status output. */
  public static String origin() {
    if (notBlank(System.getProperty(PROPERTY))) {
      return "system property " + PROPERTY;
    }
    if (notBlank(System.getenv(ENV))) {
      return "environment variable " + ENV;
    }
    return notBlank(System.getenv("XDG_CACHE_HOME")) ? "$XDG_CACHE_HOME/l2o/data" : "~/.cache/l2o/data";
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
