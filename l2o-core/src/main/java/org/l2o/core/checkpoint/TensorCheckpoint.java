package org.l2o.core.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2o.core.io.AtomicFiles;
import org.l2o.core.train.HostTensor;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.family.TType;

/**
 * Reads and writes TensorFlow V2 checkpoint bundles ({@code <prefix>.index} + {@code
 * <prefix>.data-00000-of-00001}) by key with TensorFlow's own SaveV2 / RestoreV2 ops, so no format is
 * parsed by hand and the files are readable by any TensorFlow. Writing is atomic: the bundle is written
 * under a temporary prefix and moved into place data file first, index last, so a prefix whose index exists
 * is always complete.
 */
public final class TensorCheckpoint {
  /** Suffix of the data file of a single-shard bundle. */
  public static final String DATA_SUFFIX = ".data-00000-of-00001";
  /** Suffix of the index file. */
  public static final String INDEX_SUFFIX = ".index";

  private TensorCheckpoint() {}

  /**
   * True if a complete bundle exists at {@code prefix} (its index file is the commit marker).
   *
   * @param prefix the bundle's path prefix
   * @return true if the index and the data file both exist
   */
  public static boolean exists(Path prefix) {
    return Files.isRegularFile(indexFile(prefix)) && Files.isRegularFile(dataFile(prefix));
  }

  /**
   * The index file of a bundle.
   *
   * @param prefix the bundle's path prefix
   * @return {@code <prefix>.index}
   */
  public static Path indexFile(Path prefix) {
    return prefix.resolveSibling(prefix.getFileName() + INDEX_SUFFIX);
  }

  /**
   * The data file of a bundle.
   *
   * @param prefix the bundle's path prefix
   * @return {@code <prefix>.data-00000-of-00001}
   */
  public static Path dataFile(Path prefix) {
    return prefix.resolveSibling(prefix.getFileName() + DATA_SUFFIX);
  }

  /**
   * Writes float32 / int64 tensors under their keys, atomically.
   *
   * @param prefix  e.g. {@code checkpoint/period_3}
   * @param tensors key to value, in write order
   * @throws java.io.IOException if the bundle cannot be written
   */
  public static void write(Path prefix, Map<String, HostTensor> tensors) throws IOException {
    if (tensors.isEmpty()) {
      throw new IllegalArgumentException("nothing to write to " + prefix);
    }
    Path dir = prefix.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // AtomicFiles' naming, so that the next run in the directory removes what a killed save left
    Path tmp = AtomicFiles.temporarySibling(prefix);
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      List<Operand<?>> values = new ArrayList<>();
      String[] names = new String[tensors.size()];
      String[] slices = new String[tensors.size()];
      int i = 0;
      for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
        HostTensor t = e.getValue();
        names[i] = e.getKey();
        slices[i] = "";
        values.add(t.isFloat()
            ? tf.constant(t.shape(), DataBuffers.of(t.floats(), true, false))
            : tf.constant(t.shape(), DataBuffers.of(t.longs(), true, false)));
        i++;
      }
      var save = tf.train.save(tf.constant(tmp.toString()), tf.constant(NdArrays.vectorOfObjects(names)),
          tf.constant(NdArrays.vectorOfObjects(slices)), values);
      try (Session session = new Session(graph)) {
        session.run(save);
      }
    } catch (TensorFlowException e) {
      deleteQuietly(tmp);
      throw new IOException("could not write checkpoint " + prefix + ": " + e.getMessage(), e);
    }
    Files.move(dataFile(tmp), dataFile(prefix), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.move(indexFile(tmp), indexFile(prefix), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Reads tensors by key.
   *
   * @param prefix the bundle
   * @param keys   key to element type ({@code TFloat32} or {@code TInt64}), in read order
   * @return the tensors by key, in {@code keys} order
   * @throws IOException naming the bundle if it is missing, unreadable, or lacks a key
   */
  public static Map<String, HostTensor> read(Path prefix, Map<String, Class<? extends TType>> keys) throws IOException {
    if (!exists(prefix)) {
      throw new IOException("no checkpoint at " + prefix + " (expected " + indexFile(prefix).getFileName() + " and "
          + dataFile(prefix).getFileName() + ")");
    }
    List<String> names = new ArrayList<>(keys.keySet());
    List<Class<? extends TType>> types = new ArrayList<>(keys.values());
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      String[] slices = new String[names.size()];
      java.util.Arrays.fill(slices, "");
      Restore restore = tf.train.restore(tf.constant(prefix.toString()),
          tf.constant(NdArrays.vectorOfObjects(names.toArray(new String[0]))),
          tf.constant(NdArrays.vectorOfObjects(slices)), types);
      try (Session session = new Session(graph)) {
        Session.Runner runner = session.runner();
        restore.tensors().forEach(runner::fetch);
        try (Result result = runner.run()) {
          Map<String, HostTensor> out = new LinkedHashMap<>();
          for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), HostTensor.copyOf(result.get(i)));
          }
          return out;
        }
      }
    } catch (TensorFlowException e) {
      throw new IOException("could not read checkpoint " + prefix + ": " + firstLine(e.getMessage()), e);
    }
  }

  /**
   * True if the bundle at {@code prefix} holds {@code key} as a tensor of {@code type} (any type, e.g.
   * {@code TString} for TensorFlow's object graph), false if it has no such key.
   *
   * @param prefix the bundle's path prefix
   * @param key the tensor's key
   * @param type the element type expected
   * @return true if the key is present with that type
   * @throws IOException naming the bundle if it is missing or unreadable, or holds the key as another type
   */
  public static boolean contains(Path prefix, String key, Class<? extends TType> type) throws IOException {
    if (!exists(prefix)) {
      throw new IOException("no checkpoint at " + prefix + " (expected " + indexFile(prefix).getFileName() + " and "
          + dataFile(prefix).getFileName() + ")");
    }
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Restore restore = tf.train.restore(tf.constant(prefix.toString()),
          tf.constant(NdArrays.vectorOfObjects(key)), tf.constant(NdArrays.vectorOfObjects("")), List.of(type));
      try (Session session = new Session(graph);
          Result result = session.runner().fetch(restore.tensors().get(0)).run()) {
        return result.size() == 1;
      }
    } catch (TensorFlowException e) {
      if (String.valueOf(e.getMessage()).contains("not found")) {
        return false;
      }
      throw new IOException("could not read checkpoint " + prefix + ": " + firstLine(e.getMessage()), e);
    }
  }

  /** The first line of a TensorFlow error (the rest is its C++ context), for messages of this package. */
  static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static void deleteQuietly(Path tmp) {
    try {
      Files.deleteIfExists(dataFile(tmp));
      Files.deleteIfExists(indexFile(tmp));
    } catch (IOException ignored) {
      // best effort: a stale temporary file is never trusted (it has no final name)
    }
  }
}
