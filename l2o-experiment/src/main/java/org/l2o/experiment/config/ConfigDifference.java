package org.l2o.experiment.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One difference between a saved config.json and a new config.
 *
 * @param path    the key path, elements joined with {@code /} (list indices as numbers)
 * @param saved   the value in the saved file, or Java {@code null} if the key is missing there
 * @param current the value in the new config, or Java {@code null} if the key is missing there
 */
public record ConfigDifference(String path, JsonNode saved, JsonNode current) {
  /** e.g. {@code strategy/num_periods: saved 20, new 5}. */
  @Override
  public String toString() {
    return path + ": saved " + show(saved) + ", new " + show(current);
  }

  private static String show(JsonNode node) {
    return node == null ? "<missing>" : node.toString();
  }
}
