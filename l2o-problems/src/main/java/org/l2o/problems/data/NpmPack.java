package org.l2o.problems.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** Obtains a package tarball with {@code npm pack} (never {@code npm install}: no lifecycle scripts run). */
final class NpmPack {
  private NpmPack() {}

  /** Runs {@code npm pack <spec>} in {@code dir} and returns the tarball it wrote. */
  static Path pack(String spec, Path dir, Progress progress) throws IOException {
    progress.message("  running: npm pack " + spec);
    long t0 = System.nanoTime();
    ProcessRunner.run(List.of("npm", "pack", spec, "--ignore-scripts", "--no-fund", "--no-audit"), dir,
        Duration.ofMinutes(30));
    Path tgz;
    try (Stream<Path> s = Files.list(dir)) {
      tgz = s.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
          .orElseThrow(() -> new IOException("npm pack " + spec + " succeeded but wrote no .tgz into " + dir));
    }
    progress.message(String.format(java.util.Locale.ROOT, "  got %s (%s) in %.1f s", tgz.getFileName(),
        StderrProgress.bytes(Files.size(tgz)), (System.nanoTime() - t0) / 1e9));
    return tgz;
  }
}
