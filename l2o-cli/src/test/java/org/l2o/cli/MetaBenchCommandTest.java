package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** `l2o bench meta`: help texts and the checks that reject bad options before any work. */
class MetaBenchCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream oldOut;
  private PrintStream oldErr;

  @BeforeEach
  void capture() {
    oldOut = System.out;
    oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(oldOut);
    System.setErr(oldErr);
  }

  @Test
  void helpListsTheOptionsAndGoals() {
    assertThat(Main.run("bench", "meta", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--unroll", "--teachers", "--order", "--memory",
        "--memory-unroll", "--child-xmx", "--windows", "--json", "<= 4x an Adam step", "< 8 GB");
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
  }
}
