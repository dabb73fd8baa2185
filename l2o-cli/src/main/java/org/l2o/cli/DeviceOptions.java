package org.l2o.cli;

import java.util.ArrayList;
import java.util.List;
import org.l2o.core.tf.DeviceSelection;
import org.l2o.core.tf.TfDevices;
import picocli.CommandLine.Option;

/**
 * The original's device arguments ({@code --gpus}, {@code --cpu}), shared by the commands that run TensorFlow
 * graphs as a picocli mixin. The selection is process-wide (TensorFlow allows one GPU list per process).
 */
final class DeviceOptions {

  @Option(names = "--gpus", split = ",", paramLabel = "I",
      description = "Use these GPUs (physical indices, as nvidia-smi numbers them). Default: every visible GPU, the"
          + " CPU when there is none. A GPU this process cannot see is refused before anything is written, naming"
          + " the devices there are. GPUs need the build of the gpu profile (mvn -Pgpu), untested on a GPU so far.")
  List<Integer> gpus = new ArrayList<>();

  @Option(names = "--cpu", description = "Run on the CPU only, with any GPU hidden. Excludes --gpus.")
  boolean cpu;

  /**
   * Checks the selection and makes it the process's.
   *
   * @return the number of GPUs the process sees under it (0 on the CPU)
   * @throws IllegalArgumentException for --cpu with --gpus, or a GPU that is not there
   */
  int apply() {
    if (cpu && !gpus.isEmpty()) {
      throw new IllegalArgumentException("--cpu and --gpus=" + gpus.stream().map(String::valueOf)
          .reduce((a, b) -> a + "," + b).orElse("") + " exclude each other: give one of them");
    }
    return TfDevices.check(cpu ? DeviceSelection.CPU : DeviceSelection.gpus(gpus));
  }
}
