package org.l2o.strategies;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.l2o.experiment.config.ConfigBuilder;
import org.l2o.experiment.config.Overrides;
import org.l2o.core.io.FileFormatException;
import org.l2o.core.io.SummaryCsv;
import java.util.List;

/** Test helpers: summary tables written as CSV text, and configs built from the real defaults and presets. */
final class Tables {
  private Tables() {}

  /** A history from CSV lines: a header with the metadata columns and validation (and meta_loss), then rows. */
  static History history(StrategyKind kind, String... lines) {
    try {
      return History.fromTable(SummaryCsv.parse(String.join("\n", lines) + "\n", "test"), kind, "test");
    } catch (FileFormatException e) {
      throw new AssertionError(e);
    }
  }

  /** A config as train.py builds it: defaults, presets in order, then overrides such as "--strategy/depth=2". */
  static ObjectNode config(String strategy, List<String> presets, String... overrides) {
    return new ConfigBuilder(presetsDir()).build(strategy, "rnnprop", presets, Overrides.parseArgs(List.of(overrides)));
  }

  /** The project's presets folder. */
  static Path presetsDir() {
    String root = System.getProperty("l2o.root");
    if (root != null && Files.isDirectory(Path.of(root, "presets"))) {
      return Path.of(root, "presets");
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("presets")) && Files.exists(p.resolve("pom.xml"))) {
        return p.resolve("presets");
      }
    }
    throw new IllegalStateException("presets folder not found from " + Path.of("").toAbsolutePath());
  }
}
