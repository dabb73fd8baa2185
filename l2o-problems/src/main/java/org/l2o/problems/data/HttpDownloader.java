package org.l2o.problems.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Downloads one URL to a file with java.net.http. Short connect and response timeouts make an unreachable
 * host fail within seconds instead of hanging.
 */
final class HttpDownloader {
  private final HttpClient client;
  private final Duration responseTimeout;
  private final Duration stallTimeout;

  /** Connect timeout 5 s, time to response headers 20 s, a body that stalls 60 s is abandoned. */
  HttpDownloader() {
    this(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(60));
  }

  HttpDownloader(Duration connectTimeout, Duration responseTimeout, Duration stallTimeout) {
    this.stallTimeout = stallTimeout;
    this.client = HttpClient.newBuilder().connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    this.responseTimeout = responseTimeout;
  }

  /** Downloads {@code uri} to {@code target}, reporting progress; throws naming the URL on any failure. */
  void download(URI uri, Path target, Progress progress) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(responseTimeout).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while connecting to " + uri, e);
    } catch (IOException e) {
      throw new IOException("cannot download " + uri + ": " + describe(e), e);
    }
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("cannot download " + uri + ": HTTP status " + response.statusCode());
      }
      long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      String label = uri.getPath().substring(uri.getPath().lastIndexOf('/') + 1);
      Progress.Transfer transfer = progress.start(label, total);
      long done = 0;
      byte[] buf = new byte[1 << 16];
      StallWatch watch = new StallWatch(in, stallTimeout);
      try (watch; OutputStream out = Files.newOutputStream(target)) {
        for (int n; (n = in.read(buf)) > 0; ) {
          watch.progressed();
          out.write(buf, 0, n);
          done += n;
          transfer.update(done);
        }
      } catch (IOException e) {
        throw new IOException("download of " + uri + " broke off after " + done + " bytes: "
            + (watch.fired() ? stalled() : describe(e)), e);
      }
      if (watch.fired()) {
        throw new IOException("download of " + uri + " broke off after " + done + " bytes: " + stalled());
      }
      if (total >= 0 && done != total) {
        throw new IOException("download of " + uri + " is incomplete: " + done + " of " + total + " bytes");
      }
      transfer.finish(done);
    }
  }

  private String stalled() {
    return "no data for " + stallTimeout.toMillis() / 1000.0 + " s";
  }

  /** Class and message of the exception and its causes, e.g. "ConnectException: UnresolvedAddressException". */
  static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder();
    Throwable prev = null;
    for (Throwable t = e; t != null && sb.length() < 300; prev = t, t = t.getCause() == t ? null : t.getCause()) {
      if (prev != null && prev.getClass() == t.getClass()
          && java.util.Objects.equals(prev.getMessage(), t.getMessage())) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append(": ");
      }
      sb.append(t.getClass().getSimpleName());
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        sb.append(" (").append(t.getMessage()).append(')');
      }
    }
    if (e instanceof java.net.ConnectException || e instanceof java.net.http.HttpConnectTimeoutException) {
      sb.append(" (host unreachable)");
    }
    return sb.toString();
  }

  /** Closes a response body that delivers nothing for a while, so a stalled transfer fails instead of hanging. */
  private static final class StallWatch implements AutoCloseable {
    private static final java.util.concurrent.ScheduledExecutorService TIMER =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "l2o-download-watch");
          t.setDaemon(true);
          return t;
        });
    private final java.util.concurrent.atomic.AtomicLong last =
        new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
    private final java.util.concurrent.ScheduledFuture<?> task;
    private volatile boolean fired;

    StallWatch(InputStream body, Duration limit) {
      long period = Math.max(1, limit.toMillis() / 4);
      task = TIMER.scheduleAtFixedRate(() -> {
        if (System.nanoTime() - last.get() > limit.toNanos() && !fired) {
          fired = true;
          try {
            body.close();
          } catch (IOException ignored) {
            // The reading thread reports the failure.
          }
        }
      }, period, period, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    void progressed() {
      last.set(System.nanoTime());
    }

    boolean fired() {
      return fired;
    }

    @Override
    public void close() {
      task.cancel(false);
    }
  }
}
