package org.l2o.core.train;

import java.util.List;
import java.util.Random;
import org.l2o.core.random.Seeds;

/**
 * One problem instance of a period (spec §5.1): an optimizee started from its initial parameters under its own
 * random parameter scaling, with the trajectories of the student and its teachers, carried from window to window
 * by {@link MetaWorker}. Its random streams (minibatches, graph keys) are its own, derived from its
 * {@link InstanceSeeds}, so an instance's windows do not depend on what other instances drew.
 */
public final class ProblemInstance {
  private final float[] initialParameters;
  private final float[] scale;
  private final Random data;
  private final long keySeed;
  private final WindowSampler sampler;
  private List<Trajectory> trajectories;
  private int windows;

  ProblemInstance(float[] initialParameters, float[] scale, Random data, long keySeed, WindowSampler sampler,
      List<Trajectory> trajectories) {
    this.initialParameters = initialParameters;
    this.scale = scale;
    this.data = data;
    this.keySeed = keySeed;
    this.sampler = sampler;
    this.trajectories = List.copyOf(trajectories);
  }

  /**
   * The initial parameters theta0 in true coordinates, flat [N] (a copy).
   *
   * @return a copy of theta0, flat [N]
   */
  public float[] initialParameters() {
    return initialParameters.clone();
  }

  /**
   * The parameter scaling s, flat [N] (a copy).
   *
   * @return a copy of s, flat [N]
   */
  public float[] scale() {
    return scale.clone();
  }

  /**
   * The trajectories now: the student's, then the teachers'.
   *
   * @return the student's trajectory, then the teachers'
   */
  public List<Trajectory> trajectories() {
    return trajectories;
  }

  /**
   * Number of windows drawn so far (warm-up and meta-steps).
   *
   * @return the number of windows drawn
   */
  public int windows() {
    return windows;
  }

  float[] scaleView() {
    return scale;
  }

  /** Draws the next window's minibatches and key. */
  Window nextWindow() {
    WindowSampler.Batch batch = sampler.sample(data);
    return new Window(batch, Seeds.derive(keySeed, windows++));
  }

  void advance(List<Trajectory> next) {
    trajectories = List.copyOf(next);
  }

  /**
   * The data of one window: its minibatches and the seed of its graph key.
   *
   * @param batch the window's U minibatches
   * @param keySeed the seed of the window's random key
   */
  public record Window(WindowSampler.Batch batch, long keySeed) {}
}
