package org.l2o.cli;

import java.util.concurrent.Callable;
import org.l2o.experiment.config.ConfigOverride;
import org.l2o.experiment.config.Preset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code l2o presets}: lists the presets and what each overrides. */
@Command(name = "presets", mixinStandardHelpOptions = true,
    description = "List the presets (presets/*.json) with their description and the config paths each sets.")
final class PresetsCommand implements Callable<Integer> {
  @Option(names = "--verbose", description = "Also print each override's value.")
  boolean verbose;

  @Override
  public Integer call() {
    for (Preset p : org.l2o.experiment.config.Presets.list(Presets.directory())) {
      System.out.printf("%-16s %s%n", p.name(), p.description());
      for (ConfigOverride o : p.overrides()) {
        System.out.printf("%16s   %s%n", "", verbose ? o.toString() : "--" + String.join("/", o.rawPath()));
      }
    }
    return 0;
  }
}
