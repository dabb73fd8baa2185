package org.l2o.eval.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.l2o.core.io.AtomicFiles;
import org.l2o.core.io.FileFormatException;
import org.l2o.core.io.NpyArray;
import org.l2o.core.io.Npz;

/**
 * The runs of one evaluation finished so far, kept beside its result file so that an interrupted evaluation
 * (a kill, a crash, a full disk) continues where it stopped instead of starting over: {@code <result>.runs/}
 * holds {@code settings.json} (what is being evaluated and the seed of the runs) and one {@code run_<r>.npz}
 * per finished run, each written atomically. The seed is fixed when the evaluation first starts (the one
 * given, or a random one), so a continued evaluation gives the same result as one never interrupted. The
 * folder is removed once the result file is written.
 */
public final class PartialEvaluation {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SETTINGS = "settings.json";
  private static final String SEED = "seed";

  private final Path directory;
  private final long seed;

  private PartialEvaluation(Path directory, long seed) {
    this.directory = directory;
    this.seed = seed;
  }

  /** The folder of the finished runs of the evaluation whose result is {@code result}. */
  public static Path directoryOf(Path result) {
    return result.resolveSibling(result.getFileName() + ".runs");
  }

  /**
   * Opens the finished runs of the evaluation whose result will be {@code result}, or starts an empty record.
   *
   * @param settings  what is evaluated (problem, optimizer or checkpoint, repeat, epochs, warm-up...); runs
   *                  recorded under other settings are not reused
   * @param seed      the seed asked for, or null for the recorded one (a random one on a first start)
   * @param restart   discard the recorded runs (the command's {@code --overwrite})
   * @throws IllegalStateException when runs are recorded under other settings or another seed and
   *     {@code restart} is false; the message says how to continue or start over
   */
  public static PartialEvaluation open(Path result, Map<String, Object> settings, Long seed, boolean restart)
      throws IOException {
    Path dir = directoryOf(result);
    // Through text, so that the comparison with the record read back sees the same node types (a float setting
    // is a FloatNode in memory but a DoubleNode once read).
    ObjectNode wanted = (ObjectNode) JSON.readTree(JSON.writeValueAsString(settings));
    if (restart) {
      discard(dir);
    }
    Path file = dir.resolve(SETTINGS);
    if (Files.exists(file)) {
      JsonNode recorded;
      try {
        recorded = JSON.readTree(file.toFile());
      } catch (IOException e) {
        throw new FileFormatException(file + ": unreadable record of an interrupted evaluation (" + e.getMessage()
            + "); pass --overwrite to start the evaluation over", e);
      }
      if (!(recorded instanceof ObjectNode record) || !record.path(SEED).isIntegralNumber()) {
        throw new FileFormatException(file + ": not a record of an interrupted evaluation (no integer '" + SEED
            + "'); pass --overwrite to start the evaluation over");
      }
      long recordedSeed = record.get(SEED).asLong();
      ObjectNode recordedSettings = record.deepCopy();
      recordedSettings.remove(SEED);
      int finished = countRuns(dir);
      if (!recordedSettings.equals(wanted)) {
        throw new IllegalStateException(dir + " holds " + finished + " finished run(s) of an interrupted evaluation"
            + " with other settings (" + recordedSettings + " instead of " + wanted + "); rerun with those"
            + " settings to continue it, or pass --overwrite to start over");
      }
      if (seed != null && seed != recordedSeed) {
        throw new IllegalStateException(dir + " holds " + finished + " finished run(s) of an interrupted evaluation"
            + " with --seed=" + recordedSeed + "; pass that seed (or none) to continue it, or --overwrite to start"
            + " over");
      }
      return new PartialEvaluation(dir, recordedSeed);
    }
    long chosen = seed != null ? seed : new Random().nextLong();
    Files.createDirectories(dir);
    ObjectNode record = wanted.deepCopy();
    record.put(SEED, chosen);
    AtomicFiles.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(record) + "\n");
    return new PartialEvaluation(dir, chosen);
  }

  /**
   * Removes the record of finished runs of {@code result} if the result itself exists: the evaluation was
   * complete and only the removal of its record was interrupted.
   */
  public static void discardIfFinished(Path result) throws IOException {
    if (Files.exists(result)) {
      discard(directoryOf(result));
    }
  }

  /** The seed of the runs: the one given on the first start, or the random one drawn then. */
  public long seed() {
    return seed;
  }

  /** The folder of the finished runs. */
  public Path directory() {
    return directory;
  }

  /** Run {@code r} if it was finished earlier. */
  public Optional<RunRecord> load(int r) throws IOException {
    Path file = runFile(r);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Map<String, NpyArray> arrays = Npz.read(file);
    float[][] fields = new float[RunStack.KEYS.size()][];
    for (int k = 0; k < fields.length; k++) {
      String key = RunStack.KEYS.get(k);
      NpyArray a = arrays.get(key);
      if (a == null || a.rank() != 2 || a.shape()[0] != 1) {
        throw new FileFormatException(file + ": key '" + key + "' missing or not of shape [1, n]; pass --overwrite"
            + " to start the evaluation over");
      }
      fields[k] = a.floats();
    }
    Map<String, float[][]> debug = new LinkedHashMap<>();
    for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
      if (e.getKey().startsWith("_")) {
        NpyArray a = e.getValue();
        if (a.rank() != 3 || a.shape()[0] != 1) {
          throw new FileFormatException(file + ": debug key '" + e.getKey() + "' is not of shape [1, batches, width];"
              + " pass --overwrite to start the evaluation over");
        }
        float[] flat = a.floats();
        int steps = (int) a.shape()[1];
        int width = (int) a.shape()[2];
        float[][] rows = new float[steps][];
        for (int s = 0; s < steps; s++) {
          rows[s] = Arrays.copyOfRange(flat, s * width, (s + 1) * width);
        }
        debug.put(e.getKey(), rows);
      }
    }
    return Optional.of(new RunRecord(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6],
        debug));
  }

  /** Records run {@code r} as finished. */
  public void save(int r, RunRecord run) throws IOException {
    RunStack one = new RunStack();
    one.add(run);
    Npz.write(runFile(r), EvaluationFiles.toNpz(one));
  }

  /** Removes the record, once the evaluation's result is written. */
  public void finish() throws IOException {
    discard(directory);
  }

  private Path runFile(int r) {
    return directory.resolve("run_" + r + ".npz");
  }

  private static int countRuns(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return (int) files.filter(p -> p.getFileName().toString().matches("run_\\d+\\.npz")).count();
    }
  }

  private static void discard(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      Iterator<Path> deepestFirst = all.sorted(Comparator.reverseOrder()).iterator();
      while (deepestFirst.hasNext()) {
        Files.delete(deepestFirst.next());
      }
    }
  }
}
