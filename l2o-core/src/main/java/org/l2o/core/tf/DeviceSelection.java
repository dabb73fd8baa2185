package org.l2o.core.tf;

import java.util.List;
import java.util.stream.Collectors;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/**
 * Which devices the process's TensorFlow sessions may use (the original's {@code --gpus} / {@code --cpu}).
 *
 * @param cpu  true: the CPU only, GPUs hidden ({@code device_count {GPU: 0}})
 * @param gpus the physical GPU indices to use, in the order given; empty (and {@code cpu} false): every visible
 *             GPU, or the CPU when there is none. Inside the process the listed GPUs are renumbered
 *             {@code /device:GPU:0..n-1} in this order ({@code gpu_options.visible_device_list}).
 */
public record DeviceSelection(boolean cpu, List<Integer> gpus) {

  /** Every visible GPU, or the CPU when there is none (TensorFlow's default). */
  public static final DeviceSelection DEFAULT = new DeviceSelection(false, List.of());

  /** The CPU only. */
  public static final DeviceSelection CPU = new DeviceSelection(true, List.of());

  /**
   * Checks the fields: no GPU list with {@code cpu}, indices non-negative and distinct.
   *
   * @param gpus the physical GPU indices to use, in order; empty for the default
   * @param cpu true: the CPU only, GPUs hidden
   * @throws IllegalArgumentException naming {@code --cpu} or {@code --gpus} if the fields contradict or an index is
   *     negative or repeated
   */
  public DeviceSelection {
    gpus = List.copyOf(gpus);
    if (cpu && !gpus.isEmpty()) {
      throw new IllegalArgumentException("--cpu and --gpus exclude each other: give one of them");
    }
    for (int g : gpus) {
      if (g < 0) {
        throw new IllegalArgumentException("--gpus: device indices are 0, 1, ...; got " + g);
      }
    }
    if (gpus.stream().distinct().count() != gpus.size()) {
      throw new IllegalArgumentException("--gpus: each device may be named once; got " + indices(gpus));
    }
  }

  /**
   * The named GPUs ({@code --gpus=0,2}).
   *
   * @param indices the physical GPU indices, in the order the process numbers them
   * @return the selection
   */
  public static DeviceSelection gpus(List<Integer> indices) {
    return new DeviceSelection(false, indices);
  }

  /**
   * Adds the selection to a session configuration.
   *
   * @param config the builder of the session's configuration; its device count or visible device list is set
   */
  public void applyTo(ConfigProto.Builder config) {
    // Soft placement: ops without a GPU kernel fall back to the CPU instead of failing the graph (needed once a
    // worker's graph is placed on a GPU as a whole, TfDevices.place).
    config.setAllowSoftPlacement(true);
    if (cpu) {
      config.putDeviceCount("GPU", 0);
    } else if (!gpus.isEmpty()) {
      // allow_growth: several workers' sessions share a device instead of the first taking all its memory.
      config.setGpuOptions(GPUOptions.newBuilder().setVisibleDeviceList(indices(gpus)).setAllowGrowth(true));
    }
  }

  /**
   * How the command line writes this selection: {@code --cpu}, {@code --gpus=0,1} or {@code all visible GPUs}.
   *
   * @return the description
   */
  public String describe() {
    return cpu ? "--cpu" : gpus.isEmpty() ? "all visible GPUs (the CPU when there is none)" : "--gpus=" + indices(gpus);
  }

  private static String indices(List<Integer> gpus) {
    return gpus.stream().map(String::valueOf).collect(Collectors.joining(","));
  }
}
