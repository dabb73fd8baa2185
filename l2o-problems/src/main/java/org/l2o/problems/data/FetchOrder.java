package org.l2o.problems.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Order in which fetch routes are tried: system property {@code l2o.fetch.order}, else environment variable
 * {@code L2O_FETCH_ORDER}, else {@code canonical,registry}.
 */
public final class FetchOrder {
  /** System property naming the order (wins over the environment variable). */
  public static final String PROPERTY = "l2o.fetch.order";
  /** Environment variable naming the order. */
  public static final String ENV = "L2O_FETCH_ORDER";
  /** The default order. */
  public static final List<FetchRoute> DEFAULT = List.of(FetchRoute.CANONICAL, FetchRoute.REGISTRY);

  private FetchOrder() {}

  /** The configured order. */
  public static List<FetchRoute> configured() {
    String prop = System.getProperty(PROPERTY);
    if (prop != null && !prop.isBlank()) {
      return parse(prop, "system property " + PROPERTY);
    }
    String env = System.getenv(ENV);
    if (env != null && !env.isBlank()) {
      return parse(env, "environment variable " + ENV);
    }
    return DEFAULT;
  }

  /** Parses e.g. {@code "registry,canonical"}; {@code origin} names the setting in errors. */
  public static List<FetchRoute> parse(String text, String origin) {
    List<FetchRoute> order = new ArrayList<>();
    for (String part : text.split(",")) {
      String id = part.strip().toLowerCase(Locale.ROOT);
      FetchRoute route = switch (id) {
        case "canonical" -> FetchRoute.CANONICAL;
        case "registry" -> FetchRoute.REGISTRY;
        default -> throw new IllegalArgumentException(origin + ": unknown fetch route '" + part.strip()
            + "' in '" + text + "'; expected a comma-separated list of canonical, registry");
      };
      if (order.contains(route)) {
        throw new IllegalArgumentException(origin + ": fetch route '" + id + "' appears twice in '" + text + "'");
      }
      order.add(route);
    }
    return List.copyOf(order);
  }
}
