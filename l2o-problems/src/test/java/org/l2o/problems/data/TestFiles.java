package org.l2o.problems.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;

/** Writes small synthetic dataset files for the tests. */
final class TestFiles {
  private TestFiles() {}

  /** Bytes of an IDX images file. */
  static byte[] idxImages(int n, int rows, int cols, byte[] pixels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(IdxReader.IMAGES_MAGIC);
      out.writeInt(n);
      out.writeInt(rows);
      out.writeInt(cols);
      out.write(pixels);
    }
    return bytes.toByteArray();
  }

  /** Bytes of an IDX labels file. */
  static byte[] idxLabels(int[] labels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(IdxReader.LABELS_MAGIC);
      out.writeInt(labels.length);
      for (int l : labels) {
        out.writeByte(l);
      }
    }
    return bytes.toByteArray();
  }

  /** Gzip of {@code data}. */
  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  /** Pixel values 0..255 spread so that values above 127 occur. */
  static byte[] ramp(int size, int seed) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) ((i * 37 + seed * 11) % 256);
    }
    return b;
  }

  /** Value stored at X(h, w, c, n) in synthetic SVHN files. */
  static int svhnValue(int h, int w, int c, int n) {
    return (h * 7 + w * 13 + c * 101 + n * 53) % 256;
  }

  /** Writes a synthetic SVHN-style .mat file: X [32,32,3,n] of {@code xType}, y [labels.length,1] double. */
  static Path writeSvhnMat(Path file, int n, double[] labels, MatlabType xType) throws IOException {
    Matrix x = Mat5.newMatrix(new int[] {32, 32, 3, n}, xType);
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 3; c++) {
        for (int w = 0; w < 32; w++) {
          for (int h = 0; h < 32; h++) {
            x.setByte(new int[] {h, w, c, i}, (byte) svhnValue(h, w, c, i));
          }
        }
      }
    }
    Matrix y = Mat5.newMatrix(labels.length, 1);
    for (int i = 0; i < labels.length; i++) {
      y.setDouble(i, labels[i]);
    }
    MatFile mat = Mat5.newMatFile().addArray("X", x).addArray("y", y);
    Mat5.writeToFile(mat, file.toFile());
    return file;
  }

  /**
   * A synthetic CIFAR-100 binary file: record i has fine label i % 100, coarse label fine / 5, and plane byte p of
   * channel c equal to {@link #cifarPlaneValue}.
   *
   * @param fine  the fine labels in order
   * @param seed  the pixel seed
   * @param bytes the file's bytes
   */
  record Cifar100(int[] fine, int seed, byte[] bytes) {}

  /** Byte p of plane c in record i of {@link #cifar100} files. */
  static int cifarPlaneValue(int i, int c, int p, int seed) {
    return (i * 31 + c * 89 + p * 7 + seed * 13) % 256;
  }

  /** The bytes of a synthetic CIFAR-100 file of {@code n} records, written record by record here (not by l2o). */
  static Cifar100 cifar100(int n, int seed) {
    int[] fine = new int[n];
    byte[] bytes = new byte[n * 3074];
    for (int i = 0; i < n; i++) {
      fine[i] = i % 100;
      bytes[i * 3074] = (byte) (fine[i] / 5);
      bytes[i * 3074 + 1] = (byte) fine[i];
      for (int c = 0; c < 3; c++) {
        for (int p = 0; p < 1024; p++) {
          bytes[i * 3074 + 2 + c * 1024 + p] = (byte) cifarPlaneValue(i, c, p, seed);
        }
      }
    }
    return new Cifar100(fine, seed, bytes);
  }

  /** Writes bytes to {@code dir/name} and returns the path. */
  static Path write(Path dir, String name, byte[] data) throws IOException {
    return Files.write(dir.resolve(name), data);
  }
}
