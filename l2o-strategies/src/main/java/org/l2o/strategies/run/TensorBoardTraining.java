package org.l2o.strategies.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.l2o.core.event.ProgressEvent;
import org.l2o.core.event.ProgressListener;
import org.l2o.core.io.SummaryRow;
import org.l2o.core.io.SummaryTable;
import org.l2o.core.tensorboard.EventFileWriter;
import org.l2o.core.train.MetaTrainingEvents;
import org.l2o.core.train.PeriodResult;

/**
 * Writes meta-training to a TensorBoard run ({@code DIR/tensorboard/train}) from the events of a
 * {@link StrategyRunner}. The x axis (step) counts training meta-steps over the whole run, rejected repeats
 * included: meta-step i of a period is at the number of training meta-steps of the periods before it in
 * {@code summary.csv} (epochs x depth per row) plus i. Tags:
 * <ul>
 *   <li>{@code meta_loss}, {@code imitation_loss}: every training meta-step, as it finishes (the values of
 *       {@code log/<name>.npz});
 *   <li>{@code teacher_counts/<k>_<name>}: every training meta-step, when the period ends (teacher k of
 *       training/teachers, e.g. {@code teacher_counts/0_adam}; the {@code teacher_counts} of the log);
 *   <li>{@code summary/<column>}: when a period is committed, every column of its {@code summary.csv} row but
 *       {@code time} (TensorBoard keeps the wall time), at the period's last training meta-step:
 *       {@code summary/validation} is the validation meta loss, {@code summary/meta_loss} the mean training one.
 * </ul>
 * Each process adds an event file; a run that resumes first writes a {@code SessionLog.START} at its first
 * step, so TensorBoard drops what an interrupted period had written past the last committed one.
 */
public final class TensorBoardTraining implements ProgressListener, AutoCloseable {
  private final Path directory;
  private final List<String> teacherNames;
  private EventFileWriter writer;
  private boolean started;
  /** Training meta-steps of the committed periods: the step of the current period's first meta-step. */
  private long base;

  /**
   * @param directory    the TensorBoard run, {@code TensorBoardRuns.training(DIR)}
   * @param teacherNames the teachers' names in config order, for the teacher_counts tags
   */
  public TensorBoardTraining(Path directory, List<String> teacherNames) {
    this.directory = directory;
    this.teacherNames = List.copyOf(teacherNames);
  }

  @Override
  public void on(ProgressEvent event) {
    try {
      if (event instanceof StrategyEvents.RunStarted e) {
        onStart(e.start());
      } else if (!started) {
        return;
      } else if (event instanceof MetaTrainingEvents.MetaStep e && !e.validation()) {
        openWriter();
        writer.scalar("meta_loss", base + e.step(), e.metaLoss());
        writer.scalar("imitation_loss", base + e.step(), e.imitationLoss());
      } else if (event instanceof StrategyEvents.PeriodEnded e) {
        openWriter();
        onPeriodEnd(e.training(), e.row());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void onStart(ResumePoint start) throws IOException {
    if (start.done()) {
      return;
    }
    base = committedSteps(start.table());
    started = true;
  }

  /**
   * Opens the event file at the run's first training record, not at its start: a run that fails before training
   * (a damaged checkpoint to resume from) leaves its directory untouched.
   */
  private void openWriter() throws IOException {
    if (writer == null) {
      writer = new EventFileWriter(directory);
      writer.sessionStart(base);
    }
  }

  private void onPeriodEnd(PeriodResult training, SummaryRow row) {
    float[][] counts = training.teacherCounts();
    int steps = training.metaLoss().length;
    if (counts != null && counts.length == steps) {
      for (int i = 0; i < steps; i++) {
        for (int k = 0; k < counts[i].length; k++) {
          writer.scalar(teacherTag(k), base + i, counts[i][k]);
        }
      }
    }
    long last = base + Math.max(0, steps - 1);
    for (Map.Entry<String, Double> cell : row.values().entrySet()) {
      if (!cell.getKey().equals("time")) {
        writer.scalar("summary/" + cell.getKey(), last, cell.getValue().floatValue());
      }
    }
    base += steps;
    writer.flush();
  }

  /** {@code teacher_counts/<k>_<name>}, or {@code teacher_counts/<k>} without a name. */
  private String teacherTag(int k) {
    return "teacher_counts/" + k + (k < teacherNames.size() ? "_" + teacherNames.get(k) : "");
  }

  /** Training meta-steps of the rows of {@code table}: the sum of epochs x depth. */
  static long committedSteps(SummaryTable table) {
    long n = 0;
    for (SummaryRow row : table.rows()) {
      n += (long) row.getInt("epochs") * row.getInt("depth");
    }
    return n;
  }

  @Override
  public void close() {
    if (writer != null) {
      writer.close();
      writer = null;
    }
  }
}
