package org.l2o.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU time of this whole process (all threads, TensorFlow's native ones included), in nanoseconds. Unlike
 * wall time it barely grows when other processes compete for the cores, so it complements the wall-clock
 * figures on a shared machine.
 */
final class ProcessCpu {
  private ProcessCpu() {}

  /** CPU nanoseconds used by this process so far, or -1 where the JVM cannot tell. */
  static long nanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
