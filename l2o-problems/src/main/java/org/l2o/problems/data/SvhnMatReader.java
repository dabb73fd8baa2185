package org.l2o.problems.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.l2o.core.data.ImageSet;
import org.l2o.core.io.FileFormatException;
import org.tensorflow.ndarray.Shape;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Source;
import us.hebi.matlab.mat.types.Sources;

/**
 * Reads the official SVHN cropped-digits files ({@code train_32x32.mat}, {@code test_32x32.mat}): X is uint8
 * [32,32,3,N] stored column-major (X(row, col, channel, n)), y holds N labels 1..10 where 10 means digit 0.
 * A file that is not such a .mat file is a {@link FileFormatException} naming it.
 */
public final class SvhnMatReader {
  private static final int SIDE = 32;

  private SvhnMatReader() {}

  /** Reads {@code file} into an NHWC image set called {@code name}; throws naming the file on bad format. */
  public static ImageSet read(Path file, String name) throws IOException {
    try (Mat5File mat = open(file)) {
      Matrix x = matrix(file, mat, "X");
      Matrix y = matrix(file, mat, "y");
      int[] dims = x.getDimensions();
      if (x.getType() != MatlabType.UInt8 || dims.length != 4 || dims[0] != SIDE || dims[1] != SIDE
          || dims[2] != 3) {
        throw new FileFormatException(file + ": X must be uint8 [32,32,3,N], got " + x.getType() + " "
            + Arrays.toString(dims));
      }
      int n = dims[3];
      if (y.getNumElements() != n) {
        throw new FileFormatException(file + ": y has " + y.getNumElements() + " elements, X has " + n + " images");
      }
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        double v = y.getDouble(i);
        if (v != Math.rint(v) || v < 1 || v > 10) {
          throw new FileFormatException(file + ": label " + v + " of example " + i + " is outside 1..10");
        }
        labels[i] = (int) v % 10;
      }
      byte[] pixels = new byte[Math.multiplyExact(n, SIDE * SIDE * 3)];
      int plane = SIDE * SIDE;
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < 3; c++) {
          for (int w = 0; w < SIDE; w++) {
            // Column-major: X(h, w, c, i) sits at h + 32 w + 1024 c + 3072 i.
            int src = SIDE * w + plane * c + 3 * plane * i;
            int dst = i * 3 * plane + w * 3 + c;
            for (int h = 0; h < SIDE; h++) {
              pixels[dst + h * SIDE * 3] = x.getByte(src + h);
            }
          }
        }
      }
      return new ImageSet(name, Shape.of(SIDE, SIDE, 3), 10, pixels, labels);
    }
  }

  private static Mat5File open(Path file) throws IOException {
    long size = Files.size(file); // a missing file stays a NoSuchFileException
    try (Source source = Sources.openFile(file.toFile())) {
      return Mat5.newReader(source).setBufferAllocator(new BoundedMatAllocator(size)).readMat();
    } catch (IOException | RuntimeException e) {
      Throwable reason = e; // the library wraps its causes in exceptions whose message is the cause's toString()
      while (reason.getCause() != null && String.valueOf(reason.getMessage()).equals(reason.getCause().toString())) {
        reason = reason.getCause();
      }
      throw new FileFormatException(file + ": not a readable MATLAB v5 .mat file (" + reason.getMessage() + ")", e);
    }
  }

  private static Matrix matrix(Path file, Mat5File mat, String var) throws IOException {
    Array a;
    try {
      a = mat.getArray(var);
    } catch (RuntimeException e) {
      throw new FileFormatException(file + ": has no variable '" + var + "'", e);
    }
    if (!(a instanceof Matrix m)) {
      throw new FileFormatException(file + ": variable '" + var + "' is not a numeric matrix");
    }
    return m;
  }
}
