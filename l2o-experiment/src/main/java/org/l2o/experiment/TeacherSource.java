package org.l2o.experiment;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.l2o.core.train.TeacherSpec;

/**
 * A teacher as a config names it in {@code training/teachers} (spec §2.3): an analytical rule, built when the config
 * is read, or a trained policy loaded from an experiment directory ({@code __load__}), read only when the learner
 * is built or the config is checked, so that evaluating or packaging a student does not need its teacher's files.
 */
public sealed interface TeacherSource {

  /** The config path of the spec, e.g. {@code training/teachers/0}. */
  String path();

  /**
   * The teacher with its rule and weights.
   *
   * @throws org.l2o.core.json.ConfigException naming {@link #path()} and the file at fault
   */
  TeacherSpec resolve();

  /**
   * An analytical teacher ({@code {class_name: X, config: {...}}}).
   *
   * @param path the config path
   * @param spec the teacher
   */
  record Analytical(String path, TeacherSpec spec) implements TeacherSource {
    public Analytical {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(spec, "spec");
    }

    @Override
    public TeacherSpec resolve() {
      return spec;
    }
  }

  /**
   * A trained policy as a frozen teacher ({@code {class_name: "__load__", directory: D, checkpoint: C}}).
   *
   * @param path       the config path
   * @param directory  the experiment directory D (relative to the working directory, as in the original)
   * @param checkpoint the checkpoint name C; empty for the strategy's final accepted checkpoint
   */
  record Loaded(String path, Path directory, Optional<String> checkpoint) implements TeacherSource {
    public Loaded {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(directory, "directory");
      Objects.requireNonNull(checkpoint, "checkpoint");
    }

    @Override
    public TeacherSpec resolve() {
      return LoadedTeacher.load(this);
    }
  }
}
