package org.l2o.core.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.internal.c_api.TF_CheckpointReader;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;

/**
 * Lists every tensor of a checkpoint bundle (key, type, shape) with TensorFlow's own checkpoint reader (the C API's
 * {@code TF_CheckpointReader}, what Python's {@code tf.train.list_variables} uses), so a bundle is inspected
 * without knowing its keys beforehand and without parsing the index by hand.
 */
public final class CheckpointIndex {
  private CheckpointIndex() {}

  /**
   * The tensors of the bundle at {@code prefix}, in the bundle's (sorted) key order.
   *
   * @param prefix the bundle's path prefix (without {@code .index})
   * @return one entry per tensor: key, type and shape
   * @throws IOException naming the bundle if it is missing or TensorFlow cannot read it
   */
  public static List<CheckpointEntry> list(Path prefix) throws IOException {
    if (!TensorCheckpoint.exists(prefix)) {
      throw new IOException("no checkpoint at " + prefix + " (expected " + TensorCheckpoint.indexFile(prefix)
          .getFileName() + " and " + TensorCheckpoint.dataFile(prefix).getFileName() + ")");
    }
    try (TF_Status status = TF_Status.newStatus()) {
      TF_CheckpointReader reader = tensorflow.TF_NewCheckpointReader(prefix.toString(), status);
      status.throwExceptionIfNotOK();
      try {
        int n = tensorflow.TF_CheckpointReaderSize(reader);
        List<CheckpointEntry> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          // the name is owned by the reader; getString copies it
          BytePointer name = tensorflow.TF_CheckpointReaderGetVariable(reader, i);
          String key = name.getString();
          DataType type = DataType.forNumber(tensorflow.TF_CheckpointReaderGetVariableDataType(reader, key));
          int rank = tensorflow.TF_CheckpointReaderGetVariableNumDims(reader, key);
          long[] dims = new long[rank];
          tensorflow.TF_CheckpointReaderGetVariableShape(reader, key, dims, rank, status);
          status.throwExceptionIfNotOK();
          out.add(new CheckpointEntry(key, type == null ? DataType.UNRECOGNIZED : type,
              rank == 0 ? Shape.scalar() : Shape.of(dims)));
        }
        return out;
      } finally {
        tensorflow.TF_DeleteCheckpointReader(reader);
      }
    } catch (TensorFlowException e) {
      throw new IOException("could not read checkpoint " + prefix + ": " + TensorCheckpoint.firstLine(e.getMessage()),
          e);
    }
  }
}
