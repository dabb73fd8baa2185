package org.l2o.core.train;

import org.l2o.core.random.Seeds;

/**
 * The seeds of one problem instance's independent random streams: its initial parameters, its parameter
 * scaling, its minibatches and its graph keys. Independent streams matter: drawn from one generator, the
 * scaling and the initial parameters of an instance were coupled (theta0 a function of ln s).
 *
 * @param init  initial parameters theta0
 * @param scale random parameter scaling s
 * @param data  minibatch sampling
 * @param key   the per-window keys of stateless random ops inside the graphs
 */
public record InstanceSeeds(long init, long scale, long data, long key) {

  /**
   * The seeds of training instance {@code instance} of the period with seed {@code period}: every stream
   * differs between instances.
   *
   * @param period the period's seed
   * @param instance the instance's index in the period, from 0
   * @return the seeds of the instance's streams
   */
  public static InstanceSeeds training(long period, int instance) {
    return new InstanceSeeds(Seeds.derive(period, Seeds.INIT, instance), Seeds.derive(period, Seeds.SCALE, instance),
        Seeds.derive(period, Seeds.DATA, instance), Seeds.derive(period, Seeds.KEY, instance));
  }

  /**
   * The seeds of validation instance {@code instance}: as the original, every validation instance starts from
   * the same theta0 (drawn from the validation seed); its scaling, data and keys are its own.
   *
   * @param period the period's seed
   * @param instance the instance's index in the period, from 0
   * @return the seeds of the instance's streams
   */
  public static InstanceSeeds validation(long period, int instance) {
    return new InstanceSeeds(Seeds.derive(period, Seeds.INIT), Seeds.derive(period, Seeds.SCALE, instance),
        Seeds.derive(period, Seeds.DATA, instance), Seeds.derive(period, Seeds.KEY, instance));
  }

  /**
   * The seeds of instance {@code instance} of worker {@code worker} (spec §5.4: each replica draws its own problem
   * instance): worker 0 has exactly those of {@link #training} / {@link #validation}, so a run of one worker is the
   * run it always was; worker r > 0 draws every stream from the period seed's {@code (WORKER, r)} branch, except
   * that validation instances keep the one shared theta0.
   *
   * @param validation true for a validation instance, false for a training one
   * @param period the period's seed
   * @param instance the instance's index in the period, from 0
   * @param worker the worker's index, from 0
   * @return the seeds of the instance's streams
   */
  public static InstanceSeeds of(boolean validation, long period, int instance, int worker) {
    if (worker == 0) {
      return validation ? validation(period, instance) : training(period, instance);
    }
    long branch = Seeds.derive(period, Seeds.WORKER, worker);
    if (!validation) {
      return training(branch, instance);
    }
    InstanceSeeds own = validation(branch, instance);
    return new InstanceSeeds(validation(period, instance).init(), own.scale(), own.data(), own.key());
  }
}
