package org.l2o.problems.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
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
      case CIFAR_BINARY -> CifarBinaryReader.read(name,
          info.files(split).stream().map(f -> dir.resolve(f.fileName())).toList());
      case SVHN_MAT -> SvhnMatReader.read(dir.resolve(info.file(split, DataFile.Role.EXAMPLES).fileName()), name);
    };
    if (set.size() != expected) {
      List<String> files = info.files(split).stream().map(f -> dir.resolve(f.fileName()).toString()).toList();
      throw new IOException(String.join(", ", files) + ": " + set.size() + " examples, expected " + expected
          + " for " + name);
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
