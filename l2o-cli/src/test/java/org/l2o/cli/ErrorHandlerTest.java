package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;
import org.l2o.core.json.ConfigException;

/** The one line the CLI prints for an exception. */
class ErrorHandlerTest {
  @Test
  void exceptionsThatCarryOnlyAPathSayWhatHappenedToIt() {
    // was "error: runs/x/summary.csv"
    assertThat(ErrorHandler.message(new NoSuchFileException("runs/x/summary.csv")))
        .isEqualTo("no such file or directory: runs/x/summary.csv");
    assertThat(ErrorHandler.message(new AccessDeniedException("runs/x/config.json")))
        .isEqualTo("permission denied: runs/x/config.json");
    // one with a reason already says it
    assertThat(ErrorHandler.message(new FileSystemException("a", null, "Is a directory")))
        .isEqualTo("a: Is a directory");
  }

  @Test
  void unexpectedExceptionsAreNamedWithTheirType() {
    // was "error: -468"
    assertThat(ErrorHandler.message(new NegativeArraySizeException("-468")))
        .isEqualTo("unexpected NegativeArraySizeException: -468");
    assertThat(ErrorHandler.message(new NullPointerException())).isEqualTo("unexpected NullPointerException");
    assertThat(ErrorHandler.message(new IllegalArgumentException("--repeat must be between 1 and 10000, got 0")))
        .isEqualTo("--repeat must be between 1 and 10000, got 0");
    assertThat(ErrorHandler.message(new ConfigException("strategy/depth must be >= 1")))
        .isEqualTo("strategy/depth must be >= 1");
    assertThat(ErrorHandler.message(new UncheckedIOException(new NoSuchFileException("a/b.npz"))))
        .isEqualTo("no such file or directory: a/b.npz");
  }

  @Test
  void aFullDiskIsCalledOneWithoutTensorFlowsMemoryHint() {
    // TensorFlow reports a failed write as RESOURCE_EXHAUSTED and appends a hint about OOM
    RuntimeException tf = new RuntimeException("runs/x/checkpoint/period_3_temp/part-00000-of-00001.data; "
        + "No space left on device\n\t [[{{node save/SaveV2}}]]\nHint: If you want to see a list of allocated "
        + "tensors when OOM happens, add report_tensor_allocations_upon_oom to RunOptions for current allocation info.");
    String line = ErrorHandler.message(new IOException("cannot write checkpoint period_3", tf));
    assertThat(line).startsWith("the disk is full (No space left on device): runs/x/checkpoint/period_3_temp")
        .doesNotContain("OOM").doesNotContain("\n");
    assertThat(ErrorHandler.message(new UncheckedIOException(new IOException("summary.csv: No space left on device"))))
        .isEqualTo("the disk is full (No space left on device): summary.csv: No space left on device");
    // the operating system's bare error, wrapped by the writer with the file
    IOException os = new IOException("No space left on device");
    assertThat(ErrorHandler.message(new IOException("cannot write runs/x/log/period_3.npz: " + os.getMessage(), os)))
        .isEqualTo("the disk is full (No space left on device): cannot write runs/x/log/period_3.npz: No space left "
            + "on device");
    assertThat(ErrorHandler.message(os)).isEqualTo("the disk is full (No space left on device): No space left on "
        + "device");
  }
}
