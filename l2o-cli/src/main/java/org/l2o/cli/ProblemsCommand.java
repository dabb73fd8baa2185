package org.l2o.cli;

import java.util.concurrent.Callable;
import org.l2o.problems.ImageClassifier;
import org.l2o.problems.ProblemRegistry;
import org.l2o.problems.functions.FunctionProblem;
import org.l2o.problems.functions.FunctionProblems;
import picocli.CommandLine.Command;

/** {@code l2o problems}: lists the registered optimizee problems. */
@Command(name = "problems", mixinStandardHelpOptions = true,
    description = {"List the optimizee problems (spec §9.3) with their dataset, batch size, epochs and parameter count.",
        "The function problems (rastrigin*, quadratic*) have no dataset: their steps are shown instead of epochs."})
final class ProblemsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.out.printf("%-20s %-14s %6s %7s %10s%n", "problem", "dataset", "batch", "epochs", "parameters");
    for (String name : ProblemRegistry.names()) {
      ImageClassifier p = ProblemSupport.problem(name);
      System.out.printf("%-20s %-14s %6d %7d %,10d%n", name, p.dataset().name(), p.batchSize(), p.epochs(),
          p.parameterCount());
    }
    for (String name : FunctionProblems.names()) { // spec §9.2 evaluate_function: steps instead of epochs
      FunctionProblem f = FunctionProblems.create(name);
      System.out.printf("%-20s %-14s %6s %7s %,10d  (%d steps)%n", name, "-", "-", "-", f.dimension(), f.steps());
    }
    return 0;
  }
}
