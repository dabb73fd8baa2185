package org.l2o.cli.sweep;

import java.util.List;

/**
 * The evaluations of a sweep: every evaluated replicate, and every baseline, on each problem.
 *
 * @param problems evaluation problems (image or function problems of {@code l2o problems})
 * @param runs     training runs per problem ({@code --repeat})
 * @param epochs   epochs per run, or null for each problem's own
 * @param seed     seed of the runs ({@code --seed}), the same for every method (common random numbers)
 */
public record Evaluation(List<String> problems, int runs, Integer epochs, long seed) {}
