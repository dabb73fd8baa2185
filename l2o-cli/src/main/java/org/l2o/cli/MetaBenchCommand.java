package org.l2o.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.l2o.bench.BenchData;
import org.l2o.bench.MemoryBenchmark;
import org.l2o.bench.MetaBenchReport;
import org.l2o.bench.MetaBenchRunner;
import org.l2o.bench.MetaBenchTables;
import org.l2o.bench.MetaStepBenchmark;
import org.l2o.bench.MetaStepConfig;
import org.l2o.problems.ImageClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code l2o bench meta}: seconds per inner step of meta-training and peak memory, against the goals. */
@Command(
    name = "meta",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Benchmark meta-training: seconds per inner step as multiples of an Adam step, peak memory, goals.",
    description = {
        "Measure meta-training on a problem (default conv_train, batch 128, real data from the cache). For every "
            + "combination of unroll length, teacher count (0: the RNNProp student alone; 2: with the Adam and "
            + "RMSProp teachers, lr 0.005, eps 1e-10) and order (first or second order, plus forward-only graphs "
            + "that show where the time goes), build the unroll graph, time its build and first run, run untimed "
            + "warm-up windows, then time windows of real data with a fresh random scaling exp(U(-3,3)) and fresh "
            + "trajectories. Each window's time is divided by the unroll length and compared with one plain Adam "
            + "training step timed in the same process between its rounds of windows.",
        "",
        "With --memory, the peak resident memory (VmHWM) of a whole meta-training process is measured first, per "
            + "unroll length, in one child JVM per configuration (default: unroll 20, 50 and 100 with two teachers, "
            + "second order, the heaviest case) with an explicit -Xmx, so the figure is native memory plus a "
            + "bounded heap.",
        "",
        "Prints a timing table, where the time goes, a memory table and the speed issue's goals at unroll 100, "
            + "each per segment length measured (inner step as multiples of the Adam step: forward only, student "
            + "alone <= 1.4x; student alone, 1st order <= 2.2x, 2nd order <= 3.3x; student + 2 teachers, 2nd order "
            + "<= 5.2x; first run of the graphs <= 15 s; peak memory with two teachers, 2nd order <= 3 GB), "
            + "each marked MET, NOT MET or NOT MEASURED. Thread counts come from -Dl2o.threads.intra and "
            + "-Dl2o.threads.inter (pass them in L2O_JAVA_OPTS; -Dl2o.grappler=on lets grappler optimise the unroll "
            + "graphs, off by default, and -Dl2o.graph_optimization=off turns TensorFlow's classic graph optimisation"
            + " off),"
            + " the oneDNN switch from the environment variable "
            + "TF_ENABLE_ONEDNN_OPTS. The full default run takes several minutes; unroll 100, second order with "
            + "two teachers is the heaviest graph.",
        ""},
    footer = {"", "Examples:",
        "  l2o bench meta",
        "  l2o bench meta --unroll=20 --teachers=0 --windows=10",
        "  l2o bench meta --problem=mlp_train --unroll=20 --teachers=2 --order=second --no-forward --perturbation=cgd",
        "  l2o bench meta --memory --json=bench-meta.json",
        "  l2o bench meta --unroll=100 --teachers=2 --order=second --segment-length=0,25 --memory --memory-unroll=100",
        "  l2o bench meta --no-timing --memory --memory-unroll=20,50,100 --child-xmx=2g",
        "  l2o bench meta --from-json=bench-meta.json"})
final class MetaBenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--problem", paramLabel = "NAME", defaultValue = "conv_train",
      description = "Problem meta-trained on (see `l2o problems`). Default: ${DEFAULT-VALUE}.")
  String problem;

  @Option(names = "--unroll", split = ",", paramLabel = "U", defaultValue = "20,100",
      description = "Unroll lengths (inner steps per window) to time. Default: ${DEFAULT-VALUE}.")
  List<Integer> unrolls;

  @Option(names = "--teachers", split = ",", paramLabel = "K", defaultValue = "0,2",
      description = "Teacher counts to time: 0 (student alone), 1 (Adam) or 2 (Adam and RMSProp)."
          + " Default: ${DEFAULT-VALUE}.")
  List<Integer> teachers;

  @Option(names = "--order", split = ",", paramLabel = "ORDER", defaultValue = "first,second",
      description = "Meta-gradient orders to time: first and/or second. Default: ${DEFAULT-VALUE}.")
  List<String> orders;

  @Option(names = "--segment-length", split = ",", paramLabel = "S", defaultValue = "0",
      description = "Segment lengths of the TRAIN windows, timed and measured each (training/segment_length: windows"
          + " longer than S steps run in segments of at most S steps, recomputing each segment's forward pass in"
          + " the backward pass, so that memory grows with S instead of the unroll; 0: whole windows)."
          + " Default: ${DEFAULT-VALUE}.")
  List<Integer> segmentLengths;

  @Option(names = "--forward", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Also time forward-only graphs (unroll and losses without the meta-gradient) of every unroll"
          + " and teacher count, to split the time into forward and meta-backward. Default: on.")
  boolean forward;

  @Option(names = "--timing", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Run the timing part (--no-timing: only the memory part). Default: on.")
  boolean timing;

  @Option(names = "--interleave", negatable = true, defaultValue = "false", fallbackValue = "true",
      description = "Build the configurations of one unroll length side by side and time them in rounds, one"
          + " window of each per round, with an Adam burst before every round, so that other load on the machine"
          + " affects all of them alike. Holds all their graphs at once: about 13.5 GB at unroll 100 with the"
          + " default configurations. Default: off (one configuration after another, one graph at a time, with"
          + " an Adam burst before each of its rounds).")
  boolean interleave;

  @Option(names = "--warmup-windows", paramLabel = "N", defaultValue = "2",
      description = "Untimed windows after the first run, per configuration. Default: ${DEFAULT-VALUE}.")
  int warmupWindows;

  @Option(names = "--windows", paramLabel = "N", defaultValue = "5",
      description = "Timed windows per configuration (the median is reported). Default: ${DEFAULT-VALUE}.")
  int windows;

  @Option(names = "--adam-steps", paramLabel = "N", defaultValue = "30",
      description = "Adam steps per round of a reference burst. Default: ${DEFAULT-VALUE}.")
  int adamSteps;

  @Option(names = "--adam-rounds", paramLabel = "N", defaultValue = "3",
      description = "Rounds per Adam reference burst (median round). Default: ${DEFAULT-VALUE}.")
  int adamRounds;

  @Option(names = "--memory", description = "Also measure peak resident memory in child JVMs. Default: off.")
  boolean memory;

  @Option(names = "--memory-unroll", split = ",", paramLabel = "U", defaultValue = "20,50,100",
      description = "Unroll lengths of the memory part. Default: ${DEFAULT-VALUE}.")
  List<Integer> memoryUnrolls;

  @Option(names = "--memory-teachers", split = ",", paramLabel = "K", defaultValue = "2",
      description = "Teacher counts of the memory part. Default: ${DEFAULT-VALUE}.")
  List<Integer> memoryTeachers;

  @Option(names = "--memory-order", split = ",", paramLabel = "ORDER", defaultValue = "second",
      description = "Orders of the memory part: first and/or second, and forward (forward-only graphs, to see"
          + " how much the meta-backward keeps). Default: ${DEFAULT-VALUE}.")
  List<String> memoryOrders;

  @Option(names = "--memory-windows", paramLabel = "N", defaultValue = "2",
      description = "Windows a memory child runs after its first. Default: ${DEFAULT-VALUE}.")
  int memoryWindows;

  @Option(names = "--child-xmx", paramLabel = "SIZE", defaultValue = "2g",
      description = "Maximum heap of each memory child JVM (bounds the heap's share of its RSS; JavaCPP's"
          + " physical-memory guard, 4x -Xmx by default, is turned off in the children so they report the real"
          + " peak)."
          + " Default: ${DEFAULT-VALUE}.")
  String childXmx;

  @Option(names = "--child-timeout", defaultValue = "30", paramLabel = "MINUTES",
      description = "Minutes a memory child may run before it is stopped. Default: ${DEFAULT-VALUE}.")
  int childTimeoutMinutes;

  @Option(names = "--synthetic-data",
      description = "Use random pixels of the dataset's shape instead of the dataset cache (for machines"
          + " without the data; the report marks it). Default: off.")
  boolean synthetic;

  @Option(names = "--perturbation", paramLabel = "PRESET",
      description = "Perturb the student's weights in the meta-training windows as the perturbation preset PRESET"
          + " does (gaussian, gaussian_rel, fgsm, pgd, cgd, gaussian_rel_1e-3, ...; see `l2o presets`): noise inside"
          + " the graph, or attack steps (extra unrolls with their backward pass) timed as part of each window."
          + " Forward-only windows (what validation runs) get the noise but no attack steps. Default: none.")
  String perturbationPreset;

  @Option(names = "--perturbation-steps", paramLabel = "N",
      description = "Attack steps of an adversarial --perturbation (policy/perturbation/config/steps of pgd or"
          + " cgd). Default: the preset's.")
  Integer perturbationSteps;

  @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1234",
      description = "Seed of the student's weights, the windows, scalings and initial parameters."
          + " Default: ${DEFAULT-VALUE}.")
  long seed;

  @Mixin
  DeviceOptions devices = new DeviceOptions();

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON to FILE.")
  Path json;

  @Option(names = "--from-json", paramLabel = "FILE",
      description = "Measure nothing: print the tables, breakdown and goals of a report written earlier with"
          + " --json.")
  Path fromJson;

  @Override
  public Integer call() throws IOException {
    if (fromJson == null) {
      devices.apply(); // the memory children run on TensorFlow's default devices
    }
    if (fromJson != null) {
      MetaBenchTables.print(MetaBenchReport.readJson(fromJson), System.out);
      return 0;
    }
    boolean first = orders.contains("first");
    boolean second = orders.contains("second");
    for (String o : orders) {
      if (!o.equals("first") && !o.equals("second")) {
        throw new ParameterException(spec.commandLine(), "--order: expected first and/or second, got '" + o + "'");
      }
    }
    for (String o : memoryOrders) {
      if (!o.equals("first") && !o.equals("second") && !o.equals("forward")) {
        throw new ParameterException(spec.commandLine(), "--memory-order: expected first, second or forward, got '"
            + o + "'");
      }
    }
    if (!timing && !memory) {
      throw new ParameterException(spec.commandLine(), "nothing to do: --no-timing without --memory");
    }
    MetaStepBenchmark.Settings timingSettings;
    MemoryBenchmark.Settings memorySettings;
    List<MetaStepConfig> timed;
    List<MetaStepConfig> measured;
    try {
      timingSettings = new MetaStepBenchmark.Settings(warmupWindows, windows, adamSteps, adamSteps, adamRounds, seed,
          interleave, BenchPerturbation.of(perturbationPreset, perturbationSteps));
      memorySettings = new MemoryBenchmark.Settings(problem, synthetic ? BenchData.SYNTHETIC : BenchData.REAL,
          childXmx, memoryWindows, seed, Duration.ofMinutes(childTimeoutMinutes));
      timed = timing ? MetaBenchRunner.configs(unrolls, teachers, forward, first, second, segmentLengths) : List.of();
      measured = memory ? MetaBenchRunner.configs(memoryUnrolls, memoryTeachers, memoryOrders.contains("forward"),
          memoryOrders.contains("first"), memoryOrders.contains("second"), segmentLengths) : List.of();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (perturbationPreset != null) {
      System.out.println("perturbation (timing part): " + timingSettings.perturbation());
    }
    BenchData data = synthetic ? BenchData.SYNTHETIC : BenchData.REAL;
    ImageClassifier p = data.problem(problem);
    if (data == BenchData.REAL) {
      ProblemSupport.ensureData(p);
    }
    MetaBenchReport report = MetaBenchRunner.run(p, data, timed, timingSettings, measured, memorySettings, System.err);
    System.out.println();
    MetaBenchTables.print(report, System.out);
    if (json != null) {
      report.writeJson(json);
      System.err.println("report written to " + json);
    }
    return 0;
  }
}
