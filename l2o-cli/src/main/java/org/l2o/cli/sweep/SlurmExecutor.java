package org.l2o.cli.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.l2o.core.io.AtomicFiles;

/**
 * Submits the cells of a plan that are not done to SLURM: one job array per stage ({@code sbatch --parsable
 * --array=0-(n-1)}), each task running one cell with {@link CellCommand} (output appended to the cell's log), a stage
 * after the arrays of the stages it depends on ({@code --dependency=afterok:<jobid>[:<jobid>...]}, with
 * {@code --kill-on-invalid-dep=yes} so that a failed dependency cancels its dependents instead of leaving them
 * pending), resources from the sweep file's {@code resources/<kind>}, and the file's {@code slurm_options}.
 */
public final class SlurmExecutor {
  private static final long POLL_MILLIS = 2000;

  private final SweepPlan plan;
  private final PrintStream out;

  /** An executor reporting on {@code out}. */
  public SlurmExecutor(SweepPlan plan, PrintStream out) {
    this.plan = plan;
    this.out = out;
  }

  /** Writes the job scripts and submits them; returns the job ids, in stage order. */
  public List<String> submit() throws IOException, InterruptedException {
    List<String> prefix = CellCommand.prefix(plan.sweep());
    Path folder = plan.layout().slurm();
    Files.createDirectories(folder);
    Map<String, String> jobOfStage = new LinkedHashMap<>();
    List<String> jobs = new ArrayList<>();
    for (SweepPlan.Stage stage : plan.stages()) {
      List<String> cells = new ArrayList<>();
      for (Cell c : stage.cells()) {
        CellRecords.Status s = new CellRecords(plan.layout(), c.id()).status();
        if (s.state() == CellRecords.State.DONE) {
          continue;
        }
        if (s.state() == CellRecords.State.RUNNING) {
          out.printf("%s is running (%s); not submitted%n", c.id(), s.detail());
          continue;
        }
        cells.add(c.id());
      }
      if (cells.isEmpty()) {
        out.printf("stage %s: every cell done; nothing submitted%n", stage.id());
        continue;
      }
      Path script = folder.resolve("stage-" + stage.id() + ".sh");
      AtomicFiles.writeString(script, script(stage, cells, prefix));
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
      List<String> command = new ArrayList<>(List.of("sbatch", "--parsable", "--array=0-" + (cells.size() - 1),
          "--job-name=l2o-" + plan.sweep().name() + "-" + stage.id(),
          "--output=" + folder.resolve("stage-" + stage.id() + "_%A_%a.out")));
      List<String> after = new ArrayList<>();
      for (String dep : stage.dependencies()) {
        if (jobOfStage.containsKey(dep)) {
          after.add(jobOfStage.get(dep));
        }
      }
      if (!after.isEmpty()) {
        command.add("--dependency=afterok:" + String.join(":", after));
        command.add("--kill-on-invalid-dep=yes");
      }
      command.addAll(plan.sweep().resources().get(stage.kind()).sbatchOptions());
      command.addAll(plan.sweep().slurmOptions());
      command.add(script.toString());
      String answer = call(command).strip();
      String job = answer.contains(";") ? answer.substring(0, answer.indexOf(';')) : answer;
      if (!job.matches("[0-9]+")) {
        throw new IOException("sbatch answered '" + answer + "' instead of a job id (" + String.join(" ", command)
            + ")");
      }
      jobOfStage.put(stage.id(), job);
      jobs.add(job);
      out.printf("stage %s: job array %s (%d cell(s)%s)%n", stage.id(), job, cells.size(),
          after.isEmpty() ? "" : ", after " + String.join(", ", after));
    }
    return jobs;
  }

  /** Waits until none of {@code jobs} is in the queue any more. */
  public void await(List<String> jobs) throws IOException, InterruptedException {
    if (jobs.isEmpty()) {
      return;
    }
    while (true) {
      Process p = new ProcessBuilder("squeue", "-h", "-o", "%i %T", "-j", String.join(",", jobs))
          .redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      if (p.exitValue() != 0 && !text.contains("Invalid job id")) {
        throw new IOException("squeue failed (exit " + p.exitValue() + "): " + text.strip());
      }
      if (p.exitValue() != 0 || text.isBlank()) {
        return;
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /** The job script of one stage: task i runs cell i of {@code cells}. */
  String script(SweepPlan.Stage stage, List<String> cells, List<String> prefix) {
    StringBuilder s = new StringBuilder("#!/bin/bash\n");
    s.append("# l2o sweep ").append(plan.sweep().name()).append(", stage ").append(stage.id()).append(": ")
        .append(cells.size()).append(" cell(s); written by `l2o sweep run --executor=slurm`\n");
    s.append("set -u\ncells=(");
    for (String c : cells) {
      s.append(' ').append(quote(c));
    }
    s.append(" )\ncell=\"${cells[$SLURM_ARRAY_TASK_ID]}\"\n");
    s.append("records=").append(quote(plan.layout().root().resolve(SweepLayout.STATE_FOLDER).resolve("cells")
        .toString())).append("/\"$cell\"\n");
    s.append("mkdir -p \"$records\"\nexec");
    for (String word : prefix) {
      s.append(' ').append(quote(word));
    }
    s.append(" \"$cell\" >>\"$records/log.txt\" 2>&1\n");
    return s.toString();
  }

  private static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  private static String call(List<String> command) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException("cannot run " + command.get(0) + " (the slurm executor needs SLURM's sbatch and squeue"
          + " on the PATH): " + e.getMessage(), e);
    }
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(command.get(0) + " did not answer within 120 s");
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + text.strip());
    }
    return text;
  }
}
