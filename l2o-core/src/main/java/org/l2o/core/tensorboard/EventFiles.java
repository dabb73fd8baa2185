package org.l2o.core.tensorboard;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.l2o.core.io.FileFormatException;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.SessionLog;
import org.tensorflow.proto.Summary;
import org.tensorflow.proto.TensorProto;

/**
 * Reads TensorBoard event files back: {@link TfRecords} framing, then TensorFlow's {@link Event} protocol buffer
 * (the generated classes TensorFlow Java ships). For tests and tools; TensorBoard itself is the viewer.
 */
public final class EventFiles {
  private EventFiles() {}

  /**
   * The event files of a run directory (not of its sub-directories), in name order, TensorBoard's order.
   *
   * @param runDirectory the run's directory
   * @return the event files, empty if the directory has none
   * @throws java.io.IOException if the directory does not exist or cannot be listed
   */
  public static List<Path> files(Path runDirectory) throws IOException {
    try (Stream<Path> s = Files.list(runDirectory)) {
      return s.filter(p -> p.getFileName().toString().startsWith(EventFileWriter.FILE_PREFIX))
          .filter(Files::isRegularFile).sorted().toList();
    }
  }

  /**
   * The events of one file.
   *
   * @param file the event file
   * @return the events, in file order
   * @throws FileFormatException naming the file and record if the framing or a protocol buffer is damaged
   */
  public static List<Event> read(Path file) throws IOException {
    List<byte[]> records = TfRecords.read(file);
    List<Event> out = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      try {
        out.add(Event.parseFrom(records.get(i)));
      } catch (InvalidProtocolBufferException e) {
        throw new FileFormatException(file + ": record " + i + " is not an Event protocol buffer: " + e.getMessage(),
            e);
      }
    }
    return out;
  }

  /**
   * The scalar series of a run directory by tag, over its event files in order, each series in the order written.
   * As TensorBoard does, a {@code SessionLog.START} event at step s drops the points before it at steps &gt;= s
   * (the events of a period a resumed run trains again).
   *
   * @param runDirectory the run's directory
   * @return the points by tag, each list in step order
   * @throws FileFormatException if a file is damaged or a scalar value is neither a simple value nor a float
   *     scalar tensor
   */
  public static Map<String, List<ScalarPoint>> scalars(Path runDirectory) throws IOException {
    Map<String, List<ScalarPoint>> out = new LinkedHashMap<>();
    for (Path file : files(runDirectory)) {
      List<Event> events = read(file);
      for (int i = 0; i < events.size(); i++) {
        Event e = events.get(i);
        if (e.hasSessionLog() && e.getSessionLog().getStatus() == SessionLog.SessionStatus.START) {
          out.values().forEach(points -> points.removeIf(p -> p.step() >= e.getStep()));
        }
        if (!e.hasSummary()) {
          continue;
        }
        for (Summary.Value v : e.getSummary().getValueList()) {
          float x = scalar(v, file + ": record " + i + ", tag '" + v.getTag() + "'");
          out.computeIfAbsent(v.getTag(), t -> new ArrayList<>()).add(new ScalarPoint(e.getStep(), x, e.getWallTime()));
        }
      }
    }
    return out;
  }

  private static float scalar(Summary.Value v, String where) throws FileFormatException {
    if (v.getValueCase() == Summary.Value.ValueCase.SIMPLE_VALUE) {
      return v.getSimpleValue();
    }
    if (v.getValueCase() == Summary.Value.ValueCase.TENSOR && v.getTensor().getDtype() == DataType.DT_FLOAT) {
      TensorProto t = v.getTensor();
      if (t.getFloatValCount() == 1) {
        return t.getFloatVal(0);
      }
      if (t.getTensorContent().size() == Float.BYTES) {
        return ByteBuffer.wrap(t.getTensorContent().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).getFloat();
      }
    }
    throw new FileFormatException(where + ": not a scalar (" + v.getValueCase() + ")");
  }
}
