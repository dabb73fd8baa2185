package org.l2o.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private Stream<Path> listing() throws IOException {
    return Files.list(dir);
  }

  private long fileCount() throws IOException {
    try (Stream<Path> files = listing()) {
      return files.count();
    }
  }

  @Test
  void writesBytesStringsAndStreamsCreatingParents() throws IOException {
    Path bytes = dir.resolve("a/b/bytes.bin");
    AtomicFiles.write(bytes, new byte[] {1, 2, 3});
    assertThat(Files.readAllBytes(bytes)).containsExactly(1, 2, 3);

    Path text = dir.resolve("text.txt");
    AtomicFiles.writeString(text, "périod ± 1\n");
    assertThat(Files.readString(text, StandardCharsets.UTF_8)).isEqualTo("périod ± 1\n");

    Path streamed = dir.resolve("streamed.bin");
    AtomicFiles.write(streamed, out -> {
      for (int i = 0; i < 200_000; i++) {
        out.write(i & 0xff);
      }
    });
    byte[] content = Files.readAllBytes(streamed);
    assertThat(content).hasSize(200_000);
    assertThat(content[199_999]).isEqualTo((byte) (199_999 & 0xff));
  }

  @Test
  void replacesExistingContentAndLeavesNoTemporaryFile() throws IOException {
    Path target = dir.resolve("summary.csv");
    AtomicFiles.writeString(target, "old content that is longer\n");
    AtomicFiles.writeString(target, "new\n");
    assertThat(Files.readString(target)).isEqualTo("new\n");
    assertThat(fileCount()).isEqualTo(1);
  }

  @Test
  void createNewWritesOnceAndNeverOverwrites() throws IOException {
    Path target = dir.resolve("sub").resolve("config.json");
    assertThat(AtomicFiles.createNew(target, "{\"a\": 1}\n")).isTrue();
    assertThat(AtomicFiles.createNew(target, "{\"a\": 2}\n")).isFalse();
    assertThat(Files.readString(target)).isEqualTo("{\"a\": 1}\n");
    try (var files = Files.list(target.getParent())) {
      assertThat(files).containsExactly(target); // no temporary file is left by either call
    }
  }

  @Test
  void targetKeepsOldContentWhileWritingAndAfterAFailure() throws IOException {
    Path target = dir.resolve("state.bin");
    AtomicFiles.writeString(target, "complete old version");
    assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
      out.write("half of the new".getBytes(StandardCharsets.UTF_8));
      out.flush();
      // Mid-write the final name still shows the previous complete file.
      assertThat(Files.readString(target)).isEqualTo("complete old version");
      throw new IOException("disk full (simulated crash)");
    })).isInstanceOf(IOException.class).hasMessageContaining("simulated crash");
    assertThat(Files.readString(target)).isEqualTo("complete old version");
    assertThat(fileCount()).as("temporary file removed").isEqualTo(1);
  }

  @Test
  void failureOnANewTargetLeavesNothing() throws IOException {
    Path target = dir.resolve("new.npz");
    assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
      out.write(new byte[1000]);
      throw new IllegalStateException("bug in the writer");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(target).doesNotExist();
    assertThat(fileCount()).isZero();
  }

  @Test
  void anOperatingSystemErrorIsReportedWithTheFileBeingWritten() throws IOException {
    Path target = dir.resolve("log/period_3.npz");
    // what FileChannel.write throws on a full disk: a plain IOException that names no file
    assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
      throw new IOException("No space left on device");
    })).isExactlyInstanceOf(IOException.class)
        .hasMessage("cannot write " + target.toAbsolutePath() + ": No space left on device");
    // the project's own exceptions pass unchanged
    assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
      throw new FileFormatException("x.npz: entry 'a' is truncated");
    })).isExactlyInstanceOf(FileFormatException.class).hasMessage("x.npz: entry 'a' is truncated");
    assertThat(target).doesNotExist();
  }

  @Test
  void finalFileGetsOrdinaryPermissionsNotThoseOfATempFile() throws IOException {
    Path plain = dir.resolve("plain.txt");
    Files.writeString(plain, "x");
    Path atomic = dir.resolve("atomic.txt");
    AtomicFiles.writeString(atomic, "x");
    assertThat(Files.getPosixFilePermissions(atomic)).isEqualTo(Files.getPosixFilePermissions(plain));
  }

  @Test
  void staleTemporariesOfKilledWritersAreRemovedAndNothingElse() throws IOException {
    Path config = dir.resolve("config.json");
    Files.writeString(config, "{}");
    // what a writer killed between creating and renaming leaves: a zero-byte temporary, and a checkpoint's
    Path empty = dir.resolve(".summary.csv.0123456789ab.tmp");
    Files.createFile(empty);
    Path bundle = Path.of(AtomicFiles.temporarySibling(dir.resolve("period_0")) + ".index.tempstate123");
    Files.writeString(bundle, "x");
    Path lookalike = dir.resolve(".summary.csv.tmp"); // not this class's pattern: kept
    Files.createFile(lookalike);
    assertThat(AtomicFiles.isTemporary(empty)).isTrue();
    assertThat(AtomicFiles.isTemporary(bundle)).isTrue();
    assertThat(AtomicFiles.isTemporary(config)).isFalse();

    assertThat(AtomicFiles.removeStaleTemporaries(dir)).isEqualTo(2);
    try (Stream<Path> files = listing()) {
      assertThat(files).containsExactlyInAnyOrder(config, lookalike);
    }
    assertThat(AtomicFiles.removeStaleTemporaries(dir.resolve("absent"))).isZero();
  }

  @Test
  void writableDirectoriesAreCreatedAndUnwritableOnesNamedBeforeAnyWork() throws IOException {
    Path nested = dir.resolve("eval/conv_train");
    AtomicFiles.requireWritableDirectory(nested);
    assertThat(nested).isDirectory().isEmptyDirectory(); // the probe file is gone
    Path file = Files.writeString(dir.resolve("checkpoint"), "a file where a folder must be");
    assertThatThrownBy(() -> AtomicFiles.requireWritableDirectory(file))
        .hasMessageContaining("cannot write into " + file + ": " + file + " exists and is not a folder");
    assertThatThrownBy(() -> AtomicFiles.requireWritableDirectory(file.resolve("sub")))
        .hasMessageContaining(file.resolve("sub").toString());
  }

  @Test
  void aReadOnlyDirectoryIsRefused() throws IOException {
    Path readOnly = Files.createDirectory(dir.resolve("ro"));
    Files.setPosixFilePermissions(readOnly, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      // root writes regardless of permissions: only the permission check itself is skipped then
      org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(readOnly), "running as root");
      assertThatThrownBy(() -> AtomicFiles.requireWritableDirectory(readOnly))
          .hasMessageContaining("cannot write into " + readOnly + ": permission denied");
    } finally {
      Files.setPosixFilePermissions(readOnly, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }
}
