package org.l2o.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.l2o.core.json.Json;

/**
 * {@code --info} of train and evaluate (the original's {@code --info}): the settings as the command resolved and
 * checked them, printed on stdout as JSON, before the command writes, creates or locks anything.
 */
final class ResolvedConfig {
  private ResolvedConfig() {}

  /** Prints {@code resolved} in the form config.json has and returns exit status 0. */
  static int print(JsonNode resolved) {
    System.out.println(Json.pretty(resolved));
    return 0;
  }
}
