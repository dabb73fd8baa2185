package org.l2o.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.l2o.core.checkpoint.CheckpointInspection;
import org.l2o.core.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code l2o inspect PATH...}: the tensors of checkpoints, whether they are finite (the original's utils/*.py). */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "List every tensor of checkpoints with its type, shape, element count, number of NaN, +Inf and -Inf values,",
        "and the RMS and mean |x| of its finite values (accumulated in double): the original's utils/count.py,",
        "isnan.py and magnitude.py in one. Tensors are named without the /.ATTRIBUTES/VARIABLE_VALUE suffix;",
        "besides the policy's weights a checkpoint holds the outer Adam's slots (<weight>/.OPTIMIZER_SLOT/optimizer/m,",
        "v) and step count (optimizer/iter), and one of the original's also its Adam hyper-parameters and the object",
        "graph (a string, listed without statistics). Only float32 and int64 tensors are measured (the types l2o",
        "and the original write); one of another type is listed without statistics and not checked. A total line",
        "counts tensors and values, all and the policy's weights alone. Any NaN or infinite value makes the command",
        "name the tensors and exit with status 3.",
        "Nothing is written and no directory is locked (checkpoints are written atomically, so one of a running",
        "training is read whole)."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:every value is finite", "1:a PATH cannot be read (the message says which and why)",
        "2:bad usage", "3:some tensor holds NaN or an infinite value"},
    footer = {"", "Examples:", "  l2o inspect results/rnnprop/mean/1            (default and latest checkpoint)",
        "  l2o inspect --all --json results/rnnprop/mean/1",
        "  l2o inspect results/rnnprop/mean/1/checkpoint/stage_2.3.0 packages/choice-large-1"})
final class InspectCommand implements Callable<Integer> {
  /** Exit status when some tensor is not finite. */
  static final int NON_FINITE = 3;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = {
      "A checkpoint: its prefix P (P.index + P.data-00000-of-00001), or either file;",
      "a folder holding weights.index (an l2o package, or one of the original's released checkpoints);",
      "or an experiment directory: its default checkpoint (the one evaluate and package use) and its",
      "latest completed period (summary.csv's last row), once if they are the same."})
  List<Path> paths;

  @Option(names = "--all", description = "For an experiment directory: every complete checkpoint in DIR/checkpoint/,"
      + " sorted by name, also those summary.csv does not list (a period that was stopped or is being retried).")
  boolean all;

  @Option(names = "--json", description = "Print one JSON array, an object per checkpoint (rms and mean_abs are null"
      + " for a tensor without finite values), instead of the tables.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    // every path is resolved before anything is printed: a bad one is reported alone
    List<InspectTargets.Target> targets = new ArrayList<>();
    for (Path p : paths) {
      targets.addAll(InspectTargets.resolve(p, all));
    }
    ArrayNode array = Json.nodes().arrayNode();
    List<String> nonFinite = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      InspectTargets.Target target = targets.get(i);
      CheckpointInspection inspection = CheckpointInspection.of(target.prefix());
      if (json) {
        array.add(InspectReport.json(inspection, target.role()));
      } else {
        System.out.print((i == 0 ? "" : "\n") + InspectReport.text(inspection, target.role()));
      }
      if (!inspection.finite()) {
        nonFinite.add(target.prefix() + ": " + InspectReport.nonFinite(inspection));
      }
    }
    if (json) {
      System.out.println(Json.pretty(array));
    }
    for (String line : nonFinite) {
      System.err.println("not finite: " + line);
    }
    return nonFinite.isEmpty() ? 0 : NON_FINITE;
  }
}
