package org.l2o.cli.sweep;

import java.nio.file.Path;

/**
 * Where a sweep keeps its cells under its root: {@code <root>/<recipe>/<replicate>/} (the experiment directory of a
 * training, evaluated in place: {@code eval/<problem>/}), {@code <root>/baseline/<optimizer>/<problem>.npz}, and the
 * sweep's own records in {@code <root>/.sweep/}: per cell {@code cells/<cell id>/} with its lock, {@code log.txt}
 * and the markers {@code running}, {@code done}, {@code failed}; the SLURM job scripts in {@code slurm/}.
 */
public final class SweepLayout {
  /** The sweep's own folder under the root. */
  public static final String STATE_FOLDER = ".sweep";

  private final Path root;

  /** The layout of the sweep rooted at {@code root} (absolute). */
  public SweepLayout(Path root) {
    this.root = root;
  }

  /** The sweep's root. */
  public Path root() {
    return root;
  }

  /** The experiment directory of replicate {@code replicate} of recipe {@code recipe}. */
  public Path replicate(String recipe, int replicate) {
    return root.resolve(recipe).resolve(Integer.toString(replicate));
  }

  /** The folder of a recipe's replicates (a method of the report). */
  public Path recipe(String recipe) {
    return root.resolve(recipe);
  }

  /** The folder of baseline results of one optimizer. */
  public Path baseline(String optimizer) {
    return root.resolve("baseline").resolve(optimizer);
  }

  /** The records of one cell. */
  public Path cell(String cellId) {
    return root.resolve(STATE_FOLDER).resolve("cells").resolve(cellId);
  }

  /** The output of a cell's process. */
  public Path log(String cellId) {
    return cell(cellId).resolve("log.txt");
  }

  /** The SLURM job scripts and SLURM's own output. */
  public Path slurm() {
    return root.resolve(STATE_FOLDER).resolve("slurm");
  }

  /** The default folder of {@code l2o sweep report}. */
  public Path report() {
    return root.resolve("report");
  }
}
