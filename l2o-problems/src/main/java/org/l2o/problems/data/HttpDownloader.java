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

  /** Connect timeout 5 s, time to response headers 20 s. */
  HttpDownloader() {
    this(Duration.ofSeconds(5), Duration.ofSeconds(20));
  }

  HttpDownloader(Duration connectTimeout, Duration responseTimeout) {
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
      try (OutputStream out = Files.newOutputStream(target)) {
        for (int n; (n = in.read(buf)) > 0; ) {
          out.write(buf, 0, n);
          done += n;
          transfer.update(done);
        }
      } catch (IOException e) {
        throw new IOException("download of " + uri + " broke off after " + done + " bytes: " + describe(e), e);
      }
      if (total >= 0 && done != total) {
        throw new IOException("download of " + uri + " is incomplete: " + done + " of " + total + " bytes");
      }
      transfer.finish(done);
    }
  }

  private static String describe(IOException e) {
    String msg = e.getMessage();
    return e.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : " (" + msg + ")");
  }
}
