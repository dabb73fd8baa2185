package org.l2o.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A one-node SLURM cluster on this machine for the sweep tests, started by {@code src/test/scripts/slurm-up.sh}
 * (which installs Debian's slurm-wlm and munge when they are missing, as root) and stopped by
 * {@code slurm-down.sh}. Not starting is an error with the script's output, never a skip; only
 * {@code L2O_SKIP_SLURM_TESTS=1} (for developers without root) turns the test off.
 */
final class OneNodeSlurm implements AutoCloseable {
  /** The environment variable that turns the SLURM test off. */
  static final String OPT_OUT = "L2O_SKIP_SLURM_TESTS";

  private static final Path SCRIPTS = Path.of(System.getProperty("l2o.root", "..")).resolve("l2o-cli/src/test/scripts");

  private final Path dir;
  private final Path conf;

  private OneNodeSlurm(Path dir, Path conf) {
    this.dir = dir;
    this.conf = conf;
  }

  /** Starts the cluster with its files in {@code dir}. */
  static OneNodeSlurm start(Path dir) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", SCRIPTS.resolve("slurm-up.sh").toString(), dir.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      stop(dir);
      throw new IllegalStateException("could not start a one-node SLURM with slurm-up.sh (set " + OPT_OUT
          + "=1 to skip this test on a machine where it cannot run):\n" + out);
    }
    return new OneNodeSlurm(dir, dir.resolve("slurm.conf"));
  }

  /** The cluster's configuration, for SLURM_CONF. */
  Path conf() {
    return conf;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    stop(dir);
  }

  private static void stop(Path dir) throws IOException, InterruptedException {
    new ProcessBuilder("bash", SCRIPTS.resolve("slurm-down.sh").toString(), dir.toString()).inheritIO().start()
        .waitFor(60, TimeUnit.SECONDS);
  }
}
