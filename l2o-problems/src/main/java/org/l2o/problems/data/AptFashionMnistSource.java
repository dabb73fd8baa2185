package org.l2o.problems.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Fashion-MNIST from the Debian package {@code dataset-fashion-mnist}: {@code apt-get download}, then
 * {@code dpkg-deb -x}; the IDX files are gzipped under {@code usr/share/datasets/fashion-mnist/}.
 */
final class AptFashionMnistSource implements DatasetSource {
  static final String PACKAGE = "dataset-fashion-mnist";
  private static final String DIR = "usr/share/datasets/fashion-mnist/";
  private final List<String> fileNames;

  AptFashionMnistSource(List<String> fileNames) {
    this.fileNames = List.copyOf(fileNames);
  }

  @Override
  public String description() {
    return "apt-get download " + PACKAGE;
  }

  @Override
  public void fetch(Path scratch, Path out, Progress progress) throws IOException {
    progress.message("  running: apt-get download " + PACKAGE);
    try {
      ProcessRunner.run(List.of("apt-get", "download", PACKAGE), scratch, Duration.ofMinutes(30));
    } catch (IOException e) {
      if (!missingLists(e)) {
        throw e;
      }
      if (!"root".equals(System.getProperty("user.name"))) {
        throw new IOException(e.getMessage()
            + "\n(the apt package lists look missing or stale: run 'apt-get update' as root, then retry)", e);
      }
      // A fresh machine often has no package lists yet; as root, refresh them once and try again.
      progress.message("  apt does not know " + PACKAGE + " yet: running apt-get update");
      ProcessRunner.run(List.of("apt-get", "update"), scratch, Duration.ofMinutes(10));
      ProcessRunner.run(List.of("apt-get", "download", PACKAGE), scratch, Duration.ofMinutes(30));
    }
    Path deb;
    try (Stream<Path> s = Files.list(scratch)) {
      deb = s.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst()
          .orElseThrow(() -> new IOException("apt-get download " + PACKAGE + " wrote no .deb into " + scratch));
    }
    progress.message("  got " + deb.getFileName() + " (" + StderrProgress.bytes(Files.size(deb)) + ")");
    Path root = Files.createDirectory(scratch.resolve("root"));
    ProcessRunner.run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()), scratch,
        Duration.ofMinutes(10));
    for (String name : fileNames) {
      Path gz = root.resolve(DIR + name + ".gz");
      if (!Files.isRegularFile(gz)) {
        throw new IOException(deb.getFileName() + " lacks " + DIR + name + ".gz");
      }
      Compression.copyUncompressed(gz, out.resolve(name));
    }
  }

  private static boolean missingLists(IOException e) {
    String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return msg.contains("unable to locate package") || msg.contains("no installation candidate")
        || msg.contains("can't select") || msg.contains("has no candidate");
  }
}
