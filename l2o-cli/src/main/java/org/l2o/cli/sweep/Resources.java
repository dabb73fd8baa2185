package org.l2o.cli.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.l2o.core.json.ConfigException;
import org.l2o.experiment.config.ConfigDict;

/**
 * What one cell asks a SLURM cluster for: CPUs per task, memory, GPUs and a time limit.
 *
 * @param cpus   CPUs per task ({@code --cpus-per-task})
 * @param memory memory per task in SLURM's notation, e.g. {@code 8G} ({@code --mem})
 * @param gpus   GPUs per task ({@code --gres=gpu:N}; 0: none asked for)
 * @param time   time limit in SLURM's notation, e.g. {@code 1-00:00:00} ({@code --time}), or null for the partition's
 */
public record Resources(int cpus, String memory, int gpus, String time) {
  private static final Pattern MEMORY = Pattern.compile("[1-9][0-9]*[KMGT]?");
  private static final Pattern TIME = Pattern.compile("([0-9]+-)?[0-9]+(:[0-9]{1,2}){0,2}");

  /** The defaults of a cell kind when the sweep file names nothing: 2 CPUs, 8G, no GPU, no time limit. */
  public static final Resources DEFAULT = new Resources(2, "8G", 0, null);

  /** Reads {@code {"cpus": 2, "memory": "8G", "gpus": 0, "time": "1-00:00:00"}}, each key optional. */
  static Resources read(ConfigDict d, Resources fallback) {
    int cpus = d.integer("cpus", fallback.cpus(), 1, 4096);
    String memory = d.has("memory") ? d.text("memory") : fallback.memory();
    if (!MEMORY.matcher(memory).matches()) {
      throw new ConfigException(d.path("memory") + " must be SLURM memory such as 8G or 16000M, got '" + memory + "'");
    }
    int gpus = d.integer("gpus", fallback.gpus(), 0, 64);
    String time = fallback.time();
    if (d.has("time")) {
      time = d.node("time").isNull() ? null : d.text("time");
      if (time != null && !TIME.matcher(time).matches()) {
        throw new ConfigException(d.path("time") + " must be a SLURM time such as 1-00:00:00, 12:00:00 or 90, got '"
            + time + "'");
      }
    }
    d.done();
    return new Resources(cpus, memory, gpus, time);
  }

  /** The sbatch options asking for these resources. */
  public List<String> sbatchOptions() {
    List<String> out = new ArrayList<>();
    out.add("--cpus-per-task=" + cpus);
    out.add("--mem=" + memory);
    if (gpus > 0) {
      out.add("--gres=gpu:" + gpus);
    }
    if (time != null) {
      out.add("--time=" + time);
    }
    return out;
  }
}
