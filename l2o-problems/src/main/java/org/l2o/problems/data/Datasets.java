package org.l2o.problems.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.l2o.core.data.ImageSet;

/**
 * Entry point to the datasets: load a split from the cache, make sure a dataset is present, fetch or import
 * one, and report what the cache holds. Loaded splits are kept in memory for the life of the process.
 */
public final class Datasets {
  private static final ConcurrentHashMap<String, ImageSet> LOADED = new ConcurrentHashMap<>();

  private Datasets() {}

  /** The data cache directory (see {@link DataRoot}). */
  public static Path dataRoot() {
    return DataRoot.resolve();
  }

  /**
   * The {@code split} ("train" or "test") of dataset {@code name} from the cache. Throws
   * {@link IllegalStateException} naming the dataset and the command that gets it if it is not there, or
   * naming the file if it cannot be read; {@link IllegalArgumentException} for an unknown name or split.
   */
  public static ImageSet load(String name, String split) {
    DatasetInfo info = DatasetRegistry.get(name);
    Splits.check(split);
    DataStore store = new DataStore(dataRoot());
    String key = store.root() + "|" + name + "|" + split;
    ImageSet cached = LOADED.get(key);
    if (cached != null) {
      return cached;
    }
    synchronized (LOADED) {
      return LOADED.computeIfAbsent(key, k -> read(store, info, split));
    }
  }

  private static ImageSet read(DataStore store, DatasetInfo info, String split) {
    if (!store.isPresent(info)) {
      throw new IllegalStateException(missingMessage(info, store));
    }
    Path dir = store.datasetDir(info);
    try {
      // Checksums first: damaged pixels read as well-formed data and would train silently.
      for (DataFile f : info.files(split)) {
        if (f.hasMd5()) {
          VerifiedStamp.verify(dir.resolve(f.fileName()), f.md5());
        }
      }
      return DatasetLoader.load(info, dir, split);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + info.name() + "/" + split + ": " + e.getMessage()
          + " (to replace the cached copy run: "
          + (info.fetchable() ? "l2o data fetch --force " + info.name() : info.howToGet()) + ")", e);
    }
  }

  /**
   * Makes sure dataset {@code name} is in the cache, fetching it (configured route order, progress on
   * stderr) if missing; returns its directory. Throws {@link IllegalStateException} if it is import-only
   * and missing, or if every fetch route failed.
   */
  public static Path ensure(String name) {
    DatasetInfo info = DatasetRegistry.get(name);
    DataStore store = new DataStore(dataRoot());
    if (store.isPresent(info)) {
      return store.datasetDir(info);
    }
    if (!info.fetchable()) {
      throw new IllegalStateException(missingMessage(info, store));
    }
    try {
      return new DatasetFetcher(store, FetchOrder.configured(), new StderrProgress()).fetch(info, false);
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Fetches dataset {@code name} by the given route order; with {@code force} replaces an existing copy. */
  public static Path fetch(String name, boolean force, List<FetchRoute> order, Progress progress)
      throws IOException {
    DatasetInfo info = DatasetRegistry.get(name);
    Path dir = new DatasetFetcher(new DataStore(dataRoot()), order, progress).fetch(info, force);
    forget(name);
    return dir;
  }

  /** Imports dataset {@code name} from official files at {@code path} (directory or archive). */
  public static Path importFrom(String name, Path path, Progress progress) throws IOException {
    DatasetInfo info = DatasetRegistry.get(name);
    Path dir = new DatasetImporter(new DataStore(dataRoot()), progress).importFrom(info, path);
    forget(name);
    return dir;
  }

  /**
   * What the cache holds of every known dataset; with {@code verify} the files of each present dataset are
   * checked (MD5 against the reference through {@link VerifiedStamp}, else format and counts).
   */
  public static List<DatasetStatus> status(boolean verify) {
    DataStore store = new DataStore(dataRoot());
    return DatasetRegistry.all().stream().map(info -> status(store, info, verify)).toList();
  }

  private static DatasetStatus status(DataStore store, DatasetInfo info, boolean verify) {
    Path dir = store.datasetDir(info);
    List<String> missing = store.missingFiles(info);
    DatasetStatus.Check check = DatasetStatus.Check.NOT_CHECKED;
    String detail = "";
    if (verify && missing.isEmpty()) {
      try {
        detail = DatasetVerifier.verify(info, dir, Progress.NONE);
        check = DatasetStatus.Check.VERIFIED;
      } catch (IOException e) {
        detail = e.getMessage();
        check = DatasetStatus.Check.CORRUPT;
      }
    }
    return new DatasetStatus(info, dir, missing, store.sizeOnDisk(info), check, detail);
  }

  /** Drops all splits kept in memory (they are re-read on the next {@link #load}). */
  public static void clearLoaded() {
    LOADED.clear();
  }

  private static void forget(String name) {
    LOADED.keySet().removeIf(k -> k.contains("|" + name + "|"));
  }

  private static String missingMessage(DatasetInfo info, DataStore store) {
    String where = "dataset " + info.name() + " is not in the data cache " + store.root();
    if (info.fetchable()) {
      return where + "; fetch it with: l2o data fetch " + info.name();
    }
    return where + "; it cannot be downloaded automatically: " + info.importAdvice();
  }
}
