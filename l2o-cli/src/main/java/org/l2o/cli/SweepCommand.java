package org.l2o.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.l2o.cli.sweep.Cell;
import org.l2o.cli.sweep.CellKind;
import org.l2o.cli.sweep.CellRecords;
import org.l2o.cli.sweep.CellRunner;
import org.l2o.cli.sweep.LocalExecutor;
import org.l2o.cli.sweep.Recipe;
import org.l2o.cli.sweep.SlurmExecutor;
import org.l2o.cli.sweep.SweepFile;
import org.l2o.cli.sweep.SweepPlan;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code l2o sweep}: a grid of trainings, evaluations and baselines from one sweep file. */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = {
        "Run a study's grid from a sweep file (JSON): training recipes (strategy, policy, presets, overrides) x",
        "replicates, the evaluation of every trained replicate on the evaluation problems, and baselines.",
        "Cells: train/<recipe>/<r> trains <root>/<recipe>/<r> with seed = seed + r (`l2o train`; a recipe's",
        "teacher recipe is trained first and its replicate becomes the __load__ teacher's directory),",
        "evaluate/<recipe>/<r> evaluates it on each problem (`l2o evaluate`, results in <root>/<recipe>/<r>/eval/),",
        "baseline/<optimizer> runs `l2o baseline` into <root>/baseline/<optimizer>/. A stage is the cells of one kind",
        "at one depth of the dependency graph. The whole file is checked before anything is written.",
        "A cell that is done is skipped, an interrupted one continues where it stopped (training resumes, an",
        "evaluation keeps its finished runs), and a cell is never run twice at once (its records folder",
        "<root>/.sweep/cells/<cell>/ is locked; output in log.txt there).",
        "File keys: name, root (relative to the file's folder), seed, java_options, recipes (name, strategy,",
        "policy, presets, overrides as \"a/b=VALUE\", replicates, teacher {recipe, replicate: N or \"same\"},",
        "evaluate), evaluation (problems, runs, epochs, seed), baselines, resources/<train|evaluate|baseline>",
        "(cpus, memory, gpus, time), slurm_options. See the README section on sweeps."},
    footer = {"", "Examples:", "  l2o sweep plan sweeps/paper.json", "  l2o sweep run sweeps/paper.json --workers=2",
        "  l2o sweep run sweeps/paper.json --executor=slurm", "  l2o sweep status sweeps/paper.json",
        "  l2o sweep report sweeps/paper.json"},
    subcommands = {
        SweepCommand.Plan.class,
        SweepCommand.Run.class,
        SweepCommand.Status.class,
        SweepCommand.Report.class,
        SweepCommand.CellCmd.class,
        CommandLine.HelpCommand.class,
    })
final class SweepCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Reads and plans a sweep file (every check, nothing written). */
  static SweepPlan plan(Path file) {
    return SweepPlan.of(SweepFile.read(file), Presets.directory());
  }

  /** {@code l2o sweep plan FILE}: the cells and stages, without running anything. */
  @Command(name = "plan", mixinStandardHelpOptions = true,
      description = {"Check the sweep file and list its stages and cells; nothing is written or run.",
          "Each cell is listed with the l2o commands it runs. Same as `l2o sweep run --dry-run`."})
  static final class Plan implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The sweep file.")
    Path file;

    @Override
    public Integer call() {
      print(plan(file));
      return 0;
    }

    static void print(SweepPlan plan) {
      var out = System.out;
      out.printf("sweep %s: root %s%n", plan.sweep().name(), plan.layout().root());
      out.printf("%d cells: %d train, %d evaluate, %d baseline; %d stages%n", plan.cells().size(),
          plan.count(CellKind.TRAIN), plan.count(CellKind.EVALUATE), plan.count(CellKind.BASELINE),
          plan.stages().size());
      for (SweepPlan.Stage s : plan.stages()) {
        out.printf("stage %s: %d cell(s)%s%n", s.id(), s.cells().size(),
            s.dependencies().isEmpty() ? "" : ", after " + String.join(", ", s.dependencies()));
        for (Cell c : s.cells()) {
          out.printf("  %s%n", c.id());
          for (Cell.Step step : c.steps()) {
            List<String> words = new ArrayList<>();
            step.args().forEach(a -> words.add(ShellWords.quote(a)));
            out.printf("    l2o %s%n", String.join(" ", words));
          }
        }
      }
    }
  }

  /** {@code l2o sweep run FILE}: runs the cells that are not done. */
  @Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Run every cell that is not done, in dependency order.",
          "local: up to --workers cell processes at once on this machine, one JVM per cell (a native crash stays",
          "in its cell); a failed cell's dependents are not started; exit status 1 unless every cell is done.",
          "slurm: one job array per stage through `sbatch --parsable --array=0-(n-1)`, a stage after the arrays of",
          "its dependencies (--dependency=afterok:<jobid>), resources from the file's resources/<kind> (cpus,",
          "memory, gpus, time), slurm_options added; job scripts and SLURM's own output in <root>/.sweep/slurm/,",
          "each cell's output in its log.txt. The job runs the same cell command as the local executor",
          "(java ... org.l2o.cli.Main sweep cell FILE CELL), so the nodes must see the same paths."})
  static final class Run implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The sweep file.")
    Path file;

    @Option(names = "--executor", defaultValue = "local", paramLabel = "local|slurm",
        description = "Where the cells run. Default: ${DEFAULT-VALUE}.")
    String executor;

    @Option(names = "--workers", defaultValue = "1",
        description = "local: cell processes at once. Default: ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--wait", description = "slurm: wait until the submitted jobs have left the queue, then print"
        + " the status; exit status 1 unless every cell is done.")
    boolean waitForJobs;

    @Option(names = "--dry-run", description = "Print the plan (as `l2o sweep plan`) and exit.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
      if (!executor.equals("local") && !executor.equals("slurm")) {
        throw new IllegalArgumentException("--executor must be local or slurm, got '" + executor + "'");
      }
      if (workers < 1) {
        throw new IllegalArgumentException("--workers must be >= 1, got " + workers);
      }
      SweepPlan plan = plan(file);
      if (dryRun) {
        Plan.print(plan);
        return 0;
      }
      if (executor.equals("local")) {
        return new LocalExecutor(plan, workers, System.out).run();
      }
      SlurmExecutor slurm = new SlurmExecutor(plan, System.out);
      List<String> jobs = slurm.submit();
      if (!waitForJobs) {
        return 0;
      }
      slurm.await(jobs);
      return Status.print(plan) ? 0 : 1;
    }
  }

  /** {@code l2o sweep status FILE}: the state of every cell. */
  @Command(name = "status", mixinStandardHelpOptions = true,
      description = {"Show the state of every cell of the sweep.",
          "Per cell: done, running (pid, host, start), failed (with the last error line) or waiting (with the",
          "dependencies it waits for, or ready), then the counts. Exit status 0 whatever the states."})
  static final class Status implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The sweep file.")
    Path file;

    @Override
    public Integer call() throws Exception {
      print(plan(file));
      return 0;
    }

    /** Prints the grid; true if every cell is done. */
    static boolean print(SweepPlan plan) throws java.io.IOException {
      int[] counts = new int[CellRecords.State.values().length];
      java.util.Map<String, CellRecords.State> states = new java.util.HashMap<>();
      for (Cell c : plan.cells()) {
        states.put(c.id(), new CellRecords(plan.layout(), c.id()).status().state());
      }
      int width = plan.cells().stream().mapToInt(c -> c.id().length()).max().orElse(4);
      for (SweepPlan.Stage s : plan.stages()) {
        System.out.printf("stage %s%n", s.id());
        for (Cell c : s.cells()) {
          CellRecords.Status st = new CellRecords(plan.layout(), c.id()).status();
          String detail = st.detail();
          if (st.state() == CellRecords.State.WAITING) {
            List<String> pending = c.dependencies().stream()
                .filter(d -> states.get(d) != CellRecords.State.DONE).toList();
            detail = pending.isEmpty() ? "ready" : "needs " + String.join(", ", pending);
          }
          counts[st.state().ordinal()]++;
          System.out.printf("  %-" + width + "s  %-7s  %s%n", c.id(), st.state().name().toLowerCase(Locale.ROOT),
              detail);
        }
      }
      List<String> parts = new ArrayList<>();
      for (CellRecords.State s : CellRecords.State.values()) {
        parts.add(counts[s.ordinal()] + " " + s.name().toLowerCase(Locale.ROOT));
      }
      System.out.printf("%d cells: %s%n", plan.cells().size(), String.join(", ", parts));
      return counts[CellRecords.State.DONE.ordinal()] == plan.cells().size();
    }
  }

  /** {@code l2o sweep report FILE}: one `l2o report` of every evaluation and baseline of the sweep. */
  @Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Gather the sweep's evaluations and baselines into one `l2o report`.",
          "Each evaluated recipe is a method whose replicates are <root>/<recipe>/1..N, the baselines come from",
          "<root>/baseline/, the problems are the sweep's evaluation problems. Missing results are reported as",
          "warnings (a sweep in progress)."})
  static final class Report implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The sweep file.")
    Path file;

    @Option(names = "--output", paramLabel = "DIR", description = "Where report.md goes. Default: <root>/report.")
    Path output;

    @Option(names = "--lme-statistic", defaultValue = "train_last", paramLabel = "STAT",
        description = "As `l2o report --lme-statistic`. Default: ${DEFAULT-VALUE}.")
    String lmeStatistic;

    @Override
    public Integer call() {
      SweepPlan plan = plan(file);
      if (plan.sweep().evaluation() == null) {
        throw new IllegalArgumentException("sweep " + file + " has no evaluation: nothing to report");
      }
      List<String> args = new ArrayList<>(List.of("report", "--baseline-dir=" + plan.layout().root()));
      for (Recipe r : plan.sweep().recipes()) {
        if (r.evaluate()) {
          args.add("--method=" + r.name() + "=" + plan.layout().recipe(r.name()));
        }
      }
      args.add("--problem=" + String.join(",", plan.sweep().evaluation().problems()));
      args.add("--lme-statistic=" + lmeStatistic);
      args.add("--output=" + (output != null ? output : plan.layout().report()));
      args.add("--title=sweep " + plan.sweep().name());
      return Main.newCommandLine().execute(args.toArray(String[]::new));
    }
  }

  /** {@code l2o sweep cell FILE CELL}: what an executor runs for one cell (hidden). */
  @Command(name = "cell", hidden = true, mixinStandardHelpOptions = true,
      description = {"Run one cell of the sweep in this process (what both executors start, one JVM per cell):",
          "refused unless its dependencies are done and no other process runs it; done cells and finished steps",
          "are skipped."})
  static final class CellCmd implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The sweep file.")
    Path file;

    @Parameters(index = "1", paramLabel = "CELL", description = "The cell id (see `l2o sweep plan`).")
    String cell;

    @Override
    public Integer call() throws Exception {
      return new CellRunner(plan(file), args -> Main.newCommandLine().execute(args)).run(cell);
    }
  }
}
