package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** `l2o bench meta`: help texts and the checks that reject bad options before any work. */
class MetaBenchCommandTest {
  @RegisterExtension final CapturedConsole console = new CapturedConsole();
  private final ByteArrayOutputStream out = console.out;
  private final ByteArrayOutputStream err = console.err;

  @Test
  void helpListsTheOptionsAndGoals() {
    assertThat(Main.run("bench", "meta", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--unroll", "--teachers", "--order", "--memory",
        "--memory-unroll", "--child-xmx", "--windows", "--json", "--perturbation=PRESET", "--perturbation-steps",
        "--segment-length", "<= 2.2x", "<= 5.2x", "<= 15 s", "<= 3 GB");
    out.reset();
    assertThat(Main.run("bench", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("meta", "--optimizer");
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertThat(Main.run("bench", "meta", "--order=third", "--synthetic-data")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--order: expected first and/or second, got 'third'");
    err.reset();
    assertThat(Main.run("bench", "meta", "--no-timing", "--synthetic-data")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("nothing to do");
    err.reset();
    assertThat(Main.run("bench", "meta", "--teachers=3", "--synthetic-data")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("teacher count must be 0..2, got 3");
    err.reset();
    assertThat(Main.run("bench", "meta", "--memory", "--child-xmx=lots", "--synthetic-data")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("heap size");
    err.reset();
    assertThat(Main.run("bench", "meta", "--perturbation=adam", "--synthetic-data")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--perturbation: preset 'adam' sets no"
        + " policy/perturbation");
    err.reset();
    assertThat(Main.run("bench", "meta", "--perturbation-steps=3", "--synthetic-data")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--perturbation-steps needs --perturbation");
    err.reset();
    // an argument the perturbation does not take: refused naming the config path (the error handler's exit 1)
    assertThat(Main.run("bench", "meta", "--perturbation=gaussian", "--perturbation-steps=2", "--synthetic-data"))
        .isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("policy/perturbation/config/steps");
  }
}
