package org.l2o.core.tensorboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.l2o.core.tf.TfDevices;
import org.l2o.core.tf.TfSessions;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.SessionLog;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * Writes one TensorBoard run: an {@code events.out.tfevents.*} file in a log directory, through TensorFlow's own
 * summary ops ({@code SummaryWriter}, {@code CreateSummaryFileWriter}, {@code WriteScalarSummary},
 * {@code FlushSummaryWriter}, {@code CloseSummaryWriter}). The ops live in a tiny graph and session of their own on
 * the CPU, apart from any training graph; each {@link #scalar} is one run of that session (tens of microseconds).
 * TensorFlow buffers the events and writes them at least every {@value #FLUSH_MILLIS} ms, at {@link #flush} and at
 * {@link #close}. Not for concurrent use.
 */
public final class EventFileWriter implements AutoCloseable {
  /** The start of TensorFlow's event file names. */
  public static final String FILE_PREFIX = "events.out.tfevents.";
  /** Events TensorFlow keeps in memory before it writes them. */
  static final int MAX_QUEUE = 100;
  /** The longest time TensorFlow keeps written events in memory. */
  static final int FLUSH_MILLIS = 5_000;

  private final Path directory;
  private final Graph graph;
  private final Session session;
  private final Operand<TInt64> step;
  private final Operand<TString> tag;
  private final Operand<TFloat32> value;
  private final Operand<TString> event;
  private final Op writeScalar;
  private final Op importEvent;
  private final Op flush;
  private final Op closeWriter;
  private final Op create;
  private boolean closed;

  /**
   * Creates {@code directory} if needed and a new event file in it (TensorFlow names it
   * {@code events.out.tfevents.<seconds>.<host>...v2}; files already there are left as they are).
   *
   * @param directory the run's log directory
   * @throws IOException if the directory cannot be created or TensorFlow cannot create the file
   */
  public EventFileWriter(Path directory) throws IOException {
    this.directory = directory;
    Files.createDirectories(directory);
    graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      Operand<? extends TType> writer = tf.summary.summaryWriter();
      step = tf.placeholder(TInt64.class);
      tag = tf.placeholder(TString.class);
      value = tf.placeholder(TFloat32.class);
      event = tf.placeholder(TString.class);
      create = tf.summary.createSummaryFileWriter(writer, tf.constant(directory.toAbsolutePath().toString()),
          tf.constant(MAX_QUEUE), tf.constant(FLUSH_MILLIS), tf.constant(".v2"));
      writeScalar = tf.summary.writeScalarSummary(writer, step, tag, value);
      importEvent = tf.summary.importEvent(writer, event);
      flush = tf.summary.flushSummaryWriter(writer);
      closeWriter = tf.summary.closeSummaryWriter(writer);
      TfDevices.place(graph, "/device:CPU:0"); // summary kernels are CPU kernels, whatever the thread's device
      session = new Session(graph, TfSessions.config(System::getProperty));
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
    try {
      session.runner().addTarget(create).run();
    } catch (RuntimeException e) {
      session.close();
      graph.close();
      throw new IOException("cannot create a TensorBoard event file in " + directory + ": " + e.getMessage(), e);
    }
  }

  /** {@return the log directory (the TensorBoard run)} */
  public Path directory() {
    return directory;
  }

  /**
   * Writes scalar {@code tag} = {@code x} at {@code globalStep} (TensorBoard's x axis).
   *
   * @param name the scalar's tag
   * @param globalStep the step
   * @param x the value
   */
  public void scalar(String name, long globalStep, float x) {
    requireOpen();
    try (TInt64 s = TInt64.scalarOf(globalStep); TString t = TString.scalarOf(name); TFloat32 v = TFloat32.scalarOf(x)) {
      session.runner().feed(step, s).feed(tag, t).feed(value, v).addTarget(writeScalar).run();
    }
  }

  /**
   * Writes a {@code SessionLog.START} event at {@code globalStep}: a run that continues an interrupted one says
   * where it starts again, and TensorBoard drops the earlier run's events past that step (they belong to a period
   * that was never committed).
   *
   * @param globalStep the step the continued run starts at
   */
  public void sessionStart(long globalStep) {
    requireOpen();
    Event e = Event.newBuilder().setWallTime(System.currentTimeMillis() / 1000.0).setStep(globalStep)
        .setSessionLog(SessionLog.newBuilder().setStatus(SessionLog.SessionStatus.START)).build();
    try (TString t = TString.tensorOfBytes(NdArrays.scalarOfObject(e.toByteArray()))) {
      session.runner().feed(event, t).addTarget(importEvent).run();
    }
  }

  /** Hands every buffered event to the file. */
  public void flush() {
    requireOpen();
    session.runner().addTarget(flush).run();
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the event writer of " + directory + " is closed");
    }
  }

  /** Flushes and closes the file, then the session and graph. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      session.runner().addTarget(closeWriter).run();
    } finally {
      session.close();
      graph.close();
    }
  }
}
