package org.l2o.cli.sweep;

import java.util.List;

/**
 * A training recipe of a sweep: what {@code l2o train} is given, and how many replicates are trained.
 *
 * @param name       the recipe's name, also its folder under the sweep's root
 * @param strategy   {@code --strategy}
 * @param policy     {@code --policy}
 * @param presets    {@code --presets}, in order
 * @param overrides  config overrides without the leading {@code --}, e.g. {@code strategy/num_periods=2}
 * @param replicates replicates 1..N, each its own experiment directory and seed
 * @param teacher    the recipe whose trained replicate is this recipe's {@code __load__} teacher, or null
 * @param evaluate   whether the replicates are evaluated on the sweep's evaluation problems
 */
public record Recipe(String name, String strategy, String policy, List<String> presets, List<String> overrides,
    int replicates, TeacherRef teacher, boolean evaluate) {

  /**
   * A teacher taken from another recipe of the sweep (choice step 2 from step 1).
   *
   * @param recipe    the teacher recipe
   * @param replicate its replicate, or 0 for the student's own replicate number ("same")
   */
  public record TeacherRef(String recipe, int replicate) {
    /** The replicate of the teacher recipe that student replicate {@code r} learns from. */
    public int replicateFor(int r) {
      return replicate == 0 ? r : replicate;
    }
  }
}
