package org.l2o.problems.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.l2o.core.data.ImageSet;

/** Reads one split of a dataset directory into an {@link ImageSet}, checking counts and shapes. */
public final class DatasetLoader {
  private DatasetLoader() {}

  /** Reads {@code split} of {@code info} from {@code dir}; throws naming the file on any mismatch. */
  public static ImageSet load(DatasetInfo info, Path dir, String split) throws IOException {
    String name = info.name() + "/" + split;
    int expected = info.size(split);
    ImageSet set = switch (info.format()) {
      case IDX -> readIdx(info, dir, split, name);
      case CIFAR_BINARY -> readCifar(info, dir, split, name, CifarLayout.CIFAR10);
      case CIFAR100_BINARY -> checkBalanced(info, dir, split, readCifar(info, dir, split, name, CifarLayout.CIFAR100));
      case SVHN_MAT -> SvhnMatReader.read(dir.resolve(info.file(split, DataFile.Role.EXAMPLES).fileName()), name);
    };
    if (set.size() != expected) {
      throw new IOException(fileList(info, dir, split) + ": " + set.size() + " examples, expected " + expected
          + " for " + name);
    }
    return set;
  }

  private static String fileList(DatasetInfo info, Path dir, String split) {
    return String.join(", ", info.files(split).stream().map(f -> dir.resolve(f.fileName()).toString()).toList());
  }

  /** The files' total size must be the split's records exactly; checked before anything is read. */
  private static ImageSet readCifar(DatasetInfo info, Path dir, String split, String name, CifarLayout layout)
      throws IOException {
    List<Path> files = info.files(split).stream().map(f -> dir.resolve(f.fileName())).toList();
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.size(f);
    }
    long expected = (long) info.size(split) * layout.recordSize();
    if (bytes != expected) {
      throw new IOException(String.format(Locale.ROOT, "%s: %,d bytes, expected %,d (%,d records of %d bytes) for %s",
          fileList(info, dir, split), bytes, expected, info.size(split), layout.recordSize(), name));
    }
    return CifarBinaryReader.read(name, files, layout);
  }

  /** Every class must occur {@code size / classes} times (CIFAR-100: 500 train, 100 test images per fine class). */
  private static ImageSet checkBalanced(DatasetInfo info, Path dir, String split, ImageSet set) throws IOException {
    int classes = info.numClasses();
    if (set.numClasses() != classes || info.size(split) % classes != 0) {
      throw new IllegalStateException(info.name() + ": " + info.size(split) + " " + split + " examples do not split "
          + "evenly into " + classes + " classes of " + set.numClasses() + "-class files");
    }
    int[] counts = new int[classes];
    for (int i = 0; i < set.size(); i++) {
      counts[set.label(i)]++;
    }
    int each = info.size(split) / classes;
    for (int c = 0; c < classes; c++) {
      if (counts[c] != each) {
        throw new IOException(fileList(info, dir, split) + ": class " + c + " has " + counts[c] + " examples, expected "
            + each + " (each of the " + classes + " classes of " + info.name() + "/" + split + " has " + each + ")");
      }
    }
    return set;
  }

  private static ImageSet readIdx(DatasetInfo info, Path dir, String split, String name) throws IOException {
    Path imagesFile = dir.resolve(info.file(split, DataFile.Role.IMAGES).fileName());
    Path labelsFile = dir.resolve(info.file(split, DataFile.Role.LABELS).fileName());
    IdxReader.Images images = IdxReader.readImages(imagesFile);
    if (images.rows() != info.height() || images.cols() != info.width()) {
      throw new IOException(imagesFile + ": images are " + images.rows() + "x" + images.cols() + ", expected "
          + info.height() + "x" + info.width() + " for " + info.name());
    }
    int[] labels = IdxReader.readLabels(labelsFile);
    if (labels.length != images.count()) {
      throw new IOException(labelsFile + ": " + labels.length + " labels but " + imagesFile + " has "
          + images.count() + " images");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] >= info.numClasses()) {
        throw new IOException(labelsFile + ": label " + labels[i] + " of example " + i + " is outside 0.."
            + (info.numClasses() - 1));
      }
    }
    return new ImageSet(name, info.exampleShape(), info.numClasses(), images.pixels(), labels);
  }
}
