package org.l2o.problems.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Fetches a dataset into the cache, trying the routes in order until one yields files that pass
 * verification. Each attempt works in a fresh hidden directory inside the cache root, moved into place only
 * after every check passed and deleted otherwise, so a failed fetch leaves nothing behind.
 */
public final class DatasetFetcher {
  /** Finds the source of a dataset on a route (replaceable in tests). */
  @FunctionalInterface
  public interface SourceResolver {
    /** The source, if the route serves the dataset. */
    Optional<DatasetSource> resolve(DatasetInfo info, FetchRoute route);
  }

  private final DataStore store;
  private final List<FetchRoute> order;
  private final Progress progress;
  private final SourceResolver sources;

  /** A fetcher using the standard sources. */
  public DatasetFetcher(DataStore store, List<FetchRoute> order, Progress progress) {
    this(store, order, progress, DatasetSources::of);
  }

  /** A fetcher using {@code sources}. */
  public DatasetFetcher(DataStore store, List<FetchRoute> order, Progress progress, SourceResolver sources) {
    this.store = store;
    this.order = List.copyOf(order);
    this.progress = progress;
    this.sources = sources;
  }

  /**
   * Makes {@code info} present in the cache and returns its directory. With {@code force} an existing copy
   * is replaced (only once the new one is verified). Throws listing every route's failure.
   */
  public Path fetch(DatasetInfo info, boolean force) throws IOException {
    if (!info.fetchable()) {
      throw new IllegalArgumentException(info.name() + " cannot be fetched automatically (no fetch route serves "
          + "it): " + info.importAdvice());
    }
    return store.withLock(info.name(), () -> {
      if (!force && store.isPresent(info)) {
        return store.datasetDir(info);
      }
      List<String> failures = new ArrayList<>();
      for (FetchRoute route : order) {
        Optional<DatasetSource> source = sources.resolve(info, route);
        if (source.isEmpty()) {
          continue;
        }
        try {
          return attempt(info, route, source.get());
        } catch (IOException e) {
          failures.add(route.id() + " (" + source.get().description() + "): " + e.getMessage());
          progress.message("  " + route.id() + " route failed: " + firstLine(e.getMessage()));
        }
      }
      if (failures.isEmpty()) {
        throw new IOException("could not fetch " + info.name() + ": no source on the routes "
            + order.stream().map(FetchRoute::id).toList());
      }
      throw new IOException("could not fetch " + info.name() + "; tried:\n  " + String.join("\n  ", failures));
    });
  }

  private Path attempt(DatasetInfo info, FetchRoute route, DatasetSource source) throws IOException {
    long t0 = System.nanoTime();
    progress.message(info.name() + ": fetching via " + route.id() + " route: " + source.description());
    Path work = store.newWorkDir(info.name());
    try {
      Path scratch = Files.createDirectory(work.resolve("scratch"));
      Path out = Files.createDirectory(work.resolve("out"));
      source.fetch(scratch, out, progress);
      progress.message("  verifying checksums");
      String checked = DatasetVerifier.verify(info, out, progress);
      Files.writeString(out.resolve("SOURCE.txt"), info.name() + " fetched via the " + route.id() + " route: "
          + source.description() + "\n" + checked + "\non " + Instant.now() + "\n");
      Path dir = store.install(info, out);
      progress.message(String.format(Locale.ROOT, "%s: ready in %s (%.1f s)", info.name(), dir,
          (System.nanoTime() - t0) / 1e9));
      return dir;
    } finally {
      DataStore.deleteRecursively(work);
    }
  }

  private static String firstLine(String s) {
    int nl = s == null ? -1 : s.indexOf('\n');
    return nl < 0 ? String.valueOf(s) : s.substring(0, nl) + " ...";
  }
}
