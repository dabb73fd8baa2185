package org.l2o.cli;

import picocli.CommandLine.Option;

/** {@code --[no-]tensorboard}: whether train, resume and evaluate write TensorBoard event files (on by default). */
final class TensorBoardOption {
  @Option(names = "--tensorboard", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Write TensorBoard event files under DIR/tensorboard/ (train/: meta_loss, imitation_loss,"
          + " teacher_counts/<k>_<name> per training meta-step and summary/<column> per period; eval/<problem>/"
          + "<checkpoint>/run_<r>/: batch_loss per batch, loss, sparse_categorical_accuracy, val_loss,"
          + " val_sparse_categorical_accuracy per epoch), for `tensorboard --logdir DIR` (or a folder of"
          + " experiments). A tiny summary graph of its own, apart from training. Default: on;"
          + " --no-tensorboard writes none.")
  boolean enabled = true;
}
