package org.l2o.core.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.l2o.core.tf.TfDevices;

/**
 * The workers of one learner (the original's replicas under its mirrored strategy): each {@link MetaWorker} has its
 * own graphs and sessions and runs on its own thread, whose graphs are placed on that worker's device
 * ({@link TfDevices#onThread}). A pool of one worker runs on the caller's thread with TensorFlow's default
 * placement, exactly as a learner with a bare worker.
 */
public final class WorkerPool implements AutoCloseable {
  private final List<MetaWorker> workers;
  private final List<ExecutorService> threads = new ArrayList<>();

  private WorkerPool(List<MetaWorker> workers, List<String> devices) {
    if (workers.isEmpty()) {
      throw new IllegalArgumentException("a worker pool needs at least one worker");
    }
    if (devices != null && devices.size() != workers.size()) {
      throw new IllegalArgumentException(workers.size() + " workers but " + devices.size() + " devices");
    }
    this.workers = List.copyOf(workers);
    if (workers.size() > 1) {
      for (int r = 0; r < workers.size(); r++) {
        String device = devices == null ? null : devices.get(r);
        String name = "l2o-worker-" + r;
        threads.add(Executors.newSingleThreadExecutor(task -> {
          Thread t = new Thread(() -> {
            TfDevices.onThread(device);
            task.run();
          }, name);
          t.setDaemon(true);
          return t;
        }));
      }
    }
  }

  /**
   * One worker on the caller's thread.
   *
   * @param worker the worker (closed with the pool)
   * @return the pool
   */
  public static WorkerPool single(MetaWorker worker) {
    return new WorkerPool(List.of(worker), null);
  }

  /**
   * Several workers, worker {@code r} on {@code devices.get(r)} (a TensorFlow device name; null entries or a null
   * list: the default placement).
   *
   * @param workers the workers (closed with the pool)
   * @param devices the device of each worker, or null
   * @return the pool, one thread per worker when there are several (a single worker runs on the caller's
   *     thread)
   * @throws IllegalArgumentException if there is no worker, or {@code devices} has another length
   */
  public static WorkerPool of(List<MetaWorker> workers, List<String> devices) {
    return new WorkerPool(workers, devices);
  }

  /** {@return the number of workers} */
  public int size() {
    return workers.size();
  }

  /**
   * Worker {@code r}; worker 0 is the one whose instances a single-worker run would use.
   *
   * @param r the worker's index
   * @return the worker
   */
  public MetaWorker get(int r) {
    return workers.get(r);
  }

  /**
   * Runs {@code task.apply(r)} for every worker, each on its worker's thread and all at once, and returns the
   * results in worker order.
   *
   * @param <T> the result type
   * @param task computes worker {@code r}'s result
   * @return the results, in worker order
   * @throws RuntimeException the first worker's failure (an unchecked one as thrown)
   */
  public <T> List<T> map(IntFunction<T> task) {
    if (threads.isEmpty()) {
      return Collections.singletonList(task.apply(0)); // a task may return null
    }
    List<Future<T>> futures = new ArrayList<>();
    for (int r = 0; r < workers.size(); r++) {
      int worker = r;
      futures.add(threads.get(r).submit(() -> task.apply(worker)));
    }
    List<T> out = new ArrayList<>();
    RuntimeException failure = null;
    for (Future<T> f : futures) {
      try {
        out.add(f.get()); // waits for every worker, so none is still running when a failure is thrown
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the workers ran", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return out;
  }

  /** Closes every worker (each on its own thread, where its sessions were opened) and stops the threads. */
  @Override
  public void close() {
    try {
      map(r -> {
        workers.get(r).close();
        return null;
      });
    } finally {
      threads.forEach(ExecutorService::shutdown);
    }
  }
}
