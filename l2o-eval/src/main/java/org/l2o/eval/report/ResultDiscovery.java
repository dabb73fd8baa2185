package org.l2o.eval.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Finds and loads the result files of a report.
 *
 * <ul>
 *   <li>Baselines: every {@code <baselineDir>/baseline/<optimizer>/<problem>.npz}; every optimizer
 *       folder is one row.</li>
 *   <li>Methods: each given folder is one replicate whose evaluation of a problem is in
 *       {@code <folder>/eval/<problem>/}. A folder without {@code eval/} whose sub-folders have one
 *       (e.g. {@code results/rnnprop/min-max} holding {@code 1..8}) stands for those sub-folders,
 *       sorted by name.</li>
 *   <li>When {@code eval/<problem>/} holds several {@code .npz} files (several checkpoints were
 *       evaluated), the one named in the file {@code eval/<problem>/DEFAULT} (first line, with or
 *       without {@code .npz}) is used; without that file the choice is an error listing the
 *       candidates.</li>
 *   <li>Every expected file that is missing is reported through the warning sink with its path;
 *       nothing is skipped silently. Finding nothing at all is an error.</li>
 * </ul>
 */
public final class ResultDiscovery {
  /** Name of the file that picks one evaluation among several in {@code eval/<problem>/}. */
  public static final String DEFAULT_FILE = "DEFAULT";
  private static final String NPZ = ".npz";

  private ResultDiscovery() {}

  /**
   * Loads the results of every requested (or found) problem.
   *
   * @param warnings receives one line per missing file or folder
   * @return per problem (in report order) its entries: baselines sorted by name, then the methods
   *     in the given order; problems without any result are left out (and warned about)
   * @throws IllegalArgumentException if nothing at all was found, a method name is also a baseline
   *     name, or an evaluation folder is ambiguous
   * @throws IOException if a found file cannot be read
   */
  public static Map<String, List<ResultEntry>> discover(Path baselineDir, Map<String, List<Path>> methods,
      List<String> problems, Consumer<String> warnings) throws IOException {
    Path baselineRoot = baselineDir.resolve("baseline");
    List<String> optimizers = new ArrayList<>();
    if (Files.isDirectory(baselineRoot)) {
      optimizers.addAll(subdirectoryNames(baselineRoot));
    } else {
      warnings.accept("no baseline results: " + baselineRoot + " is not a directory");
    }
    for (String name : methods.keySet()) {
      if (optimizers.contains(name)) {
        throw new IllegalArgumentException("method name '" + name + "' is also a baseline in " + baselineRoot
            + "; choose another name");
      }
    }
    Map<String, List<Path>> replicates = new LinkedHashMap<>();
    methods.forEach((name, dirs) -> replicates.put(name, replicateDirs(name, dirs, warnings)));

    List<String> wanted = problems.isEmpty() ? foundProblems(baselineRoot, optimizers, replicates) : problems;
    Map<String, List<ResultEntry>> out = new LinkedHashMap<>();
    for (String problem : wanted) {
      List<ResultEntry> entries = new ArrayList<>();
      for (String optimizer : optimizers) {
        Path file = baselineRoot.resolve(optimizer).resolve(problem + NPZ);
        if (Files.isRegularFile(file)) {
          entries.add(new ResultEntry(optimizer, ResultEntry.Kind.BASELINE, List.of(EvaluationRecord.load(file))));
        } else {
          warnings.accept("missing baseline result " + file);
        }
      }
      for (Map.Entry<String, List<Path>> method : replicates.entrySet()) {
        List<EvaluationRecord> records = new ArrayList<>();
        for (Path replicate : method.getValue()) {
          Path folder = replicate.resolve("eval").resolve(problem);
          Optional<Path> file = selectEvaluation(folder);
          if (file.isPresent()) {
            records.add(EvaluationRecord.load(file.get()));
          } else {
            warnings.accept("missing evaluation of " + method.getKey() + ": no .npz in " + folder);
          }
        }
        if (!records.isEmpty()) {
          entries.add(new ResultEntry(method.getKey(), ResultEntry.Kind.METHOD, records));
        }
      }
      if (entries.isEmpty()) {
        warnings.accept("problem " + problem + ": no results at all, left out of the report");
      } else {
        out.put(problem, entries);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("nothing to report: no result files found under " + baselineRoot
          + (methods.isEmpty() ? "" : " or the --method folders")
          + (problems.isEmpty() ? "" : " for the problems " + problems));
    }
    return out;
  }

  /**
   * The evaluation file of one problem folder {@code eval/<problem>/}: the only {@code .npz}, or the
   * one named in {@link #DEFAULT_FILE}; empty if the folder does not exist or holds no {@code .npz}.
   *
   * @throws IllegalArgumentException if several files are there and no (valid) DEFAULT picks one
   */
  public static Optional<Path> selectEvaluation(Path problemDir) throws IOException {
    if (!Files.isDirectory(problemDir)) {
      return Optional.empty();
    }
    List<String> candidates;
    try (Stream<Path> s = Files.list(problemDir)) {
      candidates = s.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(NPZ)).sorted().toList();
    }
    Path defaultFile = problemDir.resolve(DEFAULT_FILE);
    if (Files.isRegularFile(defaultFile)) {
      String name = Files.readAllLines(defaultFile, StandardCharsets.UTF_8).stream().map(String::trim)
          .filter(l -> !l.isEmpty()).findFirst().orElse("");
      if (!name.endsWith(NPZ)) {
        name += NPZ;
      }
      if (!candidates.contains(name)) {
        throw new IllegalArgumentException(defaultFile + " names '" + name + "', which is not in " + problemDir
            + " (files: " + candidates + ")");
      }
      return Optional.of(problemDir.resolve(name));
    }
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    if (candidates.size() > 1) {
      throw new IllegalArgumentException(problemDir + " holds several evaluations " + candidates
          + "; write the name of the one to report into " + defaultFile);
    }
    return Optional.of(problemDir.resolve(candidates.get(0)));
  }

  /** The replicate folders of one method (see the class comment); missing ones are warned about. */
  static List<Path> replicateDirs(String method, List<Path> dirs, Consumer<String> warnings) {
    List<Path> out = new ArrayList<>();
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        warnings.accept("method " + method + ": " + dir + " is not a directory");
      } else if (Files.isDirectory(dir.resolve("eval"))) {
        out.add(dir);
      } else {
        List<Path> children = new ArrayList<>();
        try {
          for (String child : subdirectoryNames(dir)) {
            if (Files.isDirectory(dir.resolve(child).resolve("eval"))) {
              children.add(dir.resolve(child));
            }
          }
        } catch (IOException e) {
          warnings.accept("method " + method + ": cannot list " + dir + " (" + e.getMessage() + ")");
        }
        if (children.isEmpty()) {
          warnings.accept("method " + method + ": " + dir.resolve("eval")
              + " does not exist (nor do sub-folders of " + dir + " have one)");
        }
        out.addAll(children);
      }
    }
    return out;
  }

  private static List<String> foundProblems(Path baselineRoot, List<String> optimizers,
      Map<String, List<Path>> replicates) throws IOException {
    TreeSet<String> found = new TreeSet<>();
    for (String optimizer : optimizers) {
      try (Stream<Path> s = Files.list(baselineRoot.resolve(optimizer))) {
        s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).filter(n -> n.endsWith(NPZ))
            .forEach(n -> found.add(n.substring(0, n.length() - NPZ.length())));
      }
    }
    for (List<Path> dirs : replicates.values()) {
      for (Path dir : dirs) {
        found.addAll(subdirectoryNames(dir.resolve("eval")));
      }
    }
    return new ArrayList<>(found);
  }

  private static List<String> subdirectoryNames(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Collections.emptyList();
    }
    try (Stream<Path> s = Files.list(dir)) {
      // hidden folders (".git", editor state) are never results
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))
          .sorted().toList();
    }
  }
}
