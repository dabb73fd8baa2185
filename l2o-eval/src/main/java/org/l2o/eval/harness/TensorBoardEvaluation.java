package org.l2o.eval.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.l2o.core.event.ProgressEvent;
import org.l2o.core.event.ProgressListener;
import org.l2o.core.tensorboard.EventFileWriter;
import org.l2o.core.tensorboard.EventFiles;
import org.l2o.core.tensorboard.TensorBoardRuns;

/**
 * Writes one evaluation (one problem, one optimizer, R repeats) to TensorBoard from the events of an
 * {@link EvaluationRunner}: one run per repeat, {@code <folder>/run_<r>}, with the keys of the result
 * {@code .npz} as tags: {@code batch_loss} at every training batch (step: batches so far), and
 * {@code loss}, {@code sparse_categorical_accuracy}, {@code val_loss}, {@code val_sparse_categorical_accuracy}
 * at every epoch (step: the 0-based epoch). A repeat that starts again (an interrupted evaluation resumed, or
 * {@code --overwrite}) replaces the event files of its run; a fresh evaluation (repeat 0 starts) replaces those
 * of every run of the folder. Repeats a resumed evaluation restores keep the files their first process wrote.
 */
public final class TensorBoardEvaluation implements ProgressListener, AutoCloseable {
  private final Path folder;
  private EventFileWriter writer;

  /** @param folder the evaluation's TensorBoard folder, {@code TensorBoardRuns.evaluation(...)} */
  public TensorBoardEvaluation(Path folder) {
    this.folder = folder;
  }

  @Override
  public void on(ProgressEvent event) {
    try {
      if (event instanceof EvaluationEvents.RepeatStarted e) {
        onRepeat(e.repeat());
      } else if (writer == null) {
        return;
      } else if (event instanceof EvaluationEvents.BatchDone e) {
        writer.scalar("batch_loss", (long) e.epoch() * e.batchesPerEpoch() + e.batch(), e.loss());
      } else if (event instanceof EvaluationEvents.EpochDone e) {
        writer.scalar("loss", e.epoch(), e.loss());
        writer.scalar("sparse_categorical_accuracy", e.epoch(), e.accuracy());
        writer.scalar("val_loss", e.epoch(), e.valLoss());
        writer.scalar("val_sparse_categorical_accuracy", e.epoch(), e.valAccuracy());
        writer.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void onRepeat(int repeat) throws IOException {
    close();
    if (repeat == 0 && Files.isDirectory(folder)) {
      try (Stream<Path> runs = Files.list(folder)) {
        for (Path run : runs.filter(Files::isDirectory).toList()) {
          deleteEventFiles(run);
        }
      }
    }
    Path run = TensorBoardRuns.repeat(folder, repeat);
    if (Files.isDirectory(run)) {
      deleteEventFiles(run);
    }
    writer = new EventFileWriter(run);
  }

  /** Deletes the event files of a run (only those: anything else someone put there stays). */
  private static void deleteEventFiles(Path run) throws IOException {
    List<Path> files = EventFiles.files(run);
    for (Path f : files) {
      Files.delete(f);
    }
  }

  @Override
  public void close() {
    if (writer != null) {
      writer.close();
      writer = null;
    }
  }
}
