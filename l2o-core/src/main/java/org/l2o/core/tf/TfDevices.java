package org.l2o.core.tf;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Session;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;

/**
 * Device placement of the project's TensorFlow sessions.
 *
 * <p>Two levels, because TensorFlow allows only one: the GPUs a process sees ({@code visible_device_list}) may
 * not differ between the sessions of one process (TensorFlow refuses to map one in-process GPU to two physical
 * ones), so the {@link DeviceSelection} is process-wide ({@link #select}); which of the visible devices a
 * graph runs on is per thread ({@link #onThread}): a meta-training worker's thread places every graph whose
 * session it opens on its own device.
 */
public final class TfDevices {
  private static volatile DeviceSelection selection = DeviceSelection.DEFAULT;
  private static final ThreadLocal<String> THREAD_DEVICE = new ThreadLocal<>();
  /** Most GPUs {@link #visibleGpus} looks for. */
  static final int MAX_GPUS = 64;

  private TfDevices() {}

  /**
   * Sets the process-wide selection for the sessions opened from now on.
   *
   * @param devices the selection
   */
  public static void select(DeviceSelection devices) {
    selection = devices;
  }

  /**
   * The process-wide selection.
   *
   * @return the selection last set with {@link #select}, {@link DeviceSelection#DEFAULT} before
   */
  public static DeviceSelection selection() {
    return selection;
  }

  /**
   * Places the graphs of sessions this thread opens from now on on {@code device} (a TensorFlow device name such
   * as {@code /device:GPU:1} or {@code /device:CPU:0}); null: TensorFlow's default placement.
   *
   * @param device the device name, or null
   */
  public static void onThread(String device) {
    if (device == null) {
      THREAD_DEVICE.remove();
    } else {
      THREAD_DEVICE.set(device);
    }
  }

  /**
   * The device of this thread's graphs (null: TensorFlow's default placement).
   *
   * @return the device name, or null
   */
  public static String threadDevice() {
    return THREAD_DEVICE.get();
  }

  /**
   * The device of meta-training worker {@code worker}: the CPU under {@code --cpu} or without GPUs, else GPU
   * {@code worker mod gpus} in the process's numbering (one worker per GPU; more workers than GPUs share them).
   *
   * @param worker the worker's index, from 0
   * @param gpus the number of GPUs the process sees, 0 for none
   * @return {@code /device:CPU:0} or {@code /device:GPU:<worker mod gpus>}
   */
  public static String workerDevice(int worker, int gpus) {
    return gpus == 0 ? "/device:CPU:0" : "/device:GPU:" + (worker % gpus);
  }

  /**
   * Requests {@code device} for every operation of {@code graph} (soft placement, {@link DeviceSelection#applyTo},
   * moves ops without a kernel there to the CPU). Call it before the graph's first session exists. Gradient ops
   * that {@code Graph.addGradients} adds carry no device of their own, so placing op by op while building would
   * leave them on the default device; placing the finished graph covers them too.
   *
   * @param graph the finished graph
   * @param device the device name, e.g. {@code /device:GPU:0}
   */
  public static void place(Graph graph, String device) {
    TF_Graph handle = nativeHandle(graph);
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
      tensorflow.TF_SetRequestedDevice(handle, it.next().getUnsafeNativeHandle(), device);
    }
  }

  /**
   * The number of GPUs the sessions of this process see under the current selection (0 under {@code --cpu}, with
   * TensorFlow's CPU build or without a GPU driver). Each probe runs a one-op graph with its op forced onto
   * {@code /device:GPU:k} and soft placement off, so it fails where the device does not exist.
   *
   * @return the number of GPUs visible under the selection (0 under {@code --cpu})
   * @throws IllegalArgumentException when TensorFlow refuses the selection itself (e.g. a visible_device_list
   *     index beyond the machine's GPUs), with TensorFlow's words
   */
  public static int visibleGpus() {
    if (selection.cpu()) {
      return 0;
    }
    int n = 0;
    while (n < MAX_GPUS && exists("/device:GPU:" + n)) {
      n++;
    }
    return n;
  }

  /**
   * Refuses a selection whose named GPUs this process cannot see, before anything is written: the message says
   * which devices exist.
   *
   * @param devices the selection; it becomes the process-wide one ({@link #select})
   * @return the number of GPUs visible under the selection
   * @throws IllegalArgumentException naming the selection if TensorFlow refuses it or a named GPU does not exist
   */
  public static int check(DeviceSelection devices) {
    select(devices);
    int visible;
    try {
      visible = visibleGpus();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(devices.describe() + ": TensorFlow refuses this device selection: "
          + e.getMessage());
    }
    if (visible < devices.gpus().size()) {
      throw new IllegalArgumentException(devices.describe() + ": " + (visible == 0 ? "no such GPU: this process sees"
          + " none" : devices.gpus().size() + " GPUs named, this process sees " + visible + " of them") + " (devices: "
          + String.join(", ", existing(visible)) + "). "
          + (visible == 0 ? "This needs a GPU, its driver and CUDA, and the build of the gpu profile (mvn -Pgpu);"
              + " leave --gpus out or give --cpu to run on the CPU." : "Name indices below " + visible + "."));
    }
    return visible;
  }

  private static List<String> existing(int gpus) {
    List<String> out = new ArrayList<>(List.of("/device:CPU:0"));
    for (int k = 0; k < gpus; k++) {
      out.add("/device:GPU:" + k);
    }
    return out;
  }

  private static boolean exists(String device) {
    ConfigProto.Builder b = TfSessions.config(System::getProperty).toBuilder();
    b.setAllowSoftPlacement(false);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      var probe = tf.identity(tf.constant(1f));
      place(g, device);
      try (Session s = new Session(g, b.build())) {
        s.runner().fetch(probe).run().close();
        return true;
      } catch (IllegalArgumentException e) {
        // TensorFlow's "Could not satisfy explicit device specification" for a device that is not there; a refused
        // visible_device_list fails the same way but names that list: passed on.
        if (e.getMessage() != null && e.getMessage().contains("visible_device_list")) {
          throw e;
        }
        return false;
      }
    }
  }

  /** Graph's native handle: TF Java 1.1.0 keeps it private, and the C API's SetRequestedDevice needs it. */
  private static TF_Graph nativeHandle(Graph graph) {
    try {
      Field f = Graph.class.getDeclaredField("nativeHandle");
      f.setAccessible(true);
      TF_Graph handle = (TF_Graph) f.get(graph);
      if (handle == null || handle.isNull()) {
        throw new IllegalStateException("the graph is closed");
      }
      return handle;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot place a graph on a device with this TensorFlow Java version", e);
    }
  }
}
