package org.l2o.cli;

import java.util.ArrayList;
import java.util.List;
import org.l2o.core.tf.NativeLogLevel;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code l2o} command line. */
@Command(
    name = "l2o",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Learned optimizers and Optimizer Amalgamation on TensorFlow Java.",
    subcommands = {
        CommandLine.HelpCommand.class,
        QuickstartCommand.class,
        DataCommand.class,
        ProblemsCommand.class,
        BaselineCommand.class,
        GridsearchCommand.class,
        BenchCommand.class,
        TrainCommand.class,
        ResumeCommand.class,
        EvaluateCommand.class,
        PresetsCommand.class,
        ImportOriginalCommand.class,
        PackageCommand.class,
        InspectCommand.class,
        ReportCommand.class,
        SweepCommand.class,
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the CLI and exits with its status code. */
  public static void main(String[] args) {
    NativeLogLevel.quietByDefault(); // before the first use of TensorFlow: `java -jar` is as quiet as ./l2o
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit status (0 success, 1 failure, 2 bad usage, 3 inspect: not finite). */
  public static int run(String... args) {
    return newCommandLine().execute(args);
  }

  /** The configured picocli command line (also used by tests). */
  public static CommandLine newCommandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setUsageHelpWidth(150);
    CommandLine train = cl.getSubcommands().get("train");
    List<String> footer = new ArrayList<>(List.of(train.getCommandSpec().usageMessage().footer()));
    footer.addAll(StrategyHelp.lines());
    train.getCommandSpec().usageMessage().footer(footer.toArray(String[]::new));
    cl.setExecutionExceptionHandler(new ErrorHandler());
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
