package org.l2o.problems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.l2o.core.data.ImageSet;
import org.l2o.core.policy.Initializers;
import org.l2o.core.problem.ParamSpec;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class ProblemRegistryTest {

  private static final DatasetLoader NO_DATA = (dataset, split) -> {
    throw new AssertionError("no data expected for " + dataset + "/" + split);
  };

  @Test
  void parameterCountsOfTheEvaluationProblems() {
    Map<String, Long> expected = Map.of("conv_train", 18_122L, "conv_wider", 61_834L, "conv_deeper_pool", 75_242L,
        "conv_cifar10_wider", 68_170L, "mlp_train", 15_910L, "conv_svhn", 21_290L, "conv_fmnist", 18_122L,
        "conv_smallbatch", 18_122L, "conv_kmnist", 18_122L, "conv_train_cifar10", 21_290L);
    expected.forEach((key, count) ->
        assertThat(ProblemRegistry.create(key, NO_DATA).parameterCount()).as(key).isEqualTo(count));
  }

  @Test
  void flattenWidthsOfTheRemainingProblems() {
    // spec §9.3: conv_cifar10 576, conv_deeper 256, conv_cifar10_pool 1024 inputs to the dense head.
    assertThat(denseInput("conv_cifar10")).isEqualTo(576);
    assertThat(denseInput("conv_deeper")).isEqualTo(256);
    assertThat(denseInput("conv_cifar10_pool")).isEqualTo(1024);
    assertThat(denseInput("conv_deeper_pool")).isEqualTo(576);
    assertThat(denseInput("conv_cifar10_wider")).isEqualTo(1600);
  }

  private static long denseInput(String key) {
    List<ParamSpec> p = ProblemRegistry.create(key, NO_DATA).params();
    return p.get(p.size() - 2).shape().get(0);
  }

  @Test
  void convTrainParameterShapesAndNames() {
    ImageClassifier p = ProblemRegistry.create("conv_train", NO_DATA);
    assertThat(p.params()).extracting(ParamSpec::shape).containsExactly(Shape.of(3, 3, 1, 16), Shape.of(16),
        Shape.of(5, 5, 16, 32), Shape.of(32), Shape.of(512, 10), Shape.of(10));
    assertThat(p.params()).extracting(ParamSpec::name).containsExactly("conv_0/kernel", "conv_0/bias",
        "conv_1/kernel", "conv_1/bias", "dense_0/kernel", "dense_0/bias");
    assertThat(p.batchSize()).isEqualTo(128);
    assertThat(p.epochs()).isEqualTo(25);
    assertThat(p.dataset().name()).isEqualTo("mnist");
  }

  @Test
  void registryHoldsTheConvAndMlpEvaluationProblems() {
    assertThat(ProblemRegistry.names()).contains("conv_train", "conv_wider", "conv_deeper_pool",
        "conv_fmnist", "conv_cifar10_wider", "conv_smallbatch", "mlp_train", "conv_train_cifar10", "conv_svhn",
        "conv_cifar10", "conv_deeper", "conv_cifar10_pool", "conv_kmnist");
    assertThat(ProblemRegistry.create("conv_smallbatch", NO_DATA).batchSize()).isEqualTo(32);
    assertThat(ProblemRegistry.create("conv_kmnist", NO_DATA).dataset().name()).isEqualTo("kmnist");
    assertThat(ProblemRegistry.create("conv_svhn", NO_DATA).dataset().name()).isEqualTo("svhn_cropped");
    assertThat(ProblemRegistry.create("conv_fmnist", NO_DATA).dataset().name()).isEqualTo("fashion_mnist");
    assertThat(ProblemRegistry.create("resnet_100_100", NO_DATA).dataset().name()).isEqualTo("cifar100");
    assertThatThrownBy(() -> ProblemRegistry.create("resnet_1000", NO_DATA))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resnet_1000").hasMessageContaining("conv_train");
  }

  @Test
  void logitsHaveShapeBatchByClassesForEveryProblem() {
    for (String key : ProblemRegistry.names()) {
      ImageClassifier p = ProblemRegistry.create(key, NO_DATA);
      try (Graph g = new Graph()) {
        Ops tf = Ops.create(g);
        Shape img = p.dataset().exampleShape();
        Operand<TFloat32> x = tf.placeholder(TFloat32.class,
            Placeholder.shape(Shape.of(p.batchSize(), img.get(0), img.get(1), img.get(2))));
        List<Operand<TFloat32>> params = new ArrayList<>();
        for (ParamSpec s : p.params()) {
          params.add(tf.placeholder(TFloat32.class, Placeholder.shape(s.shape())));
        }
        assertThat(p.logits(tf, params, x).shape()).as(key)
            .isEqualTo(Shape.of(p.batchSize(), p.dataset().numClasses()));
      }
    }
  }

  @Test
  void initialValuesAreGlorotKernelsAndZeroBiasesDeterministically() {
    ImageClassifier p = ProblemRegistry.create("conv_train", NO_DATA);
    List<float[]> a = p.init(new Random(12345));
    List<float[]> b = p.init(new Random(12345));
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i)).containsExactly(b.get(i));
      ParamSpec s = p.params().get(i);
      assertThat(a.get(i)).hasSize(Math.toIntExact(s.size()));
      if (s.name().endsWith("/bias")) {
        assertThat(a.get(i)).containsOnly(0f);
      } else {
        float limit = (float) Initializers.glorotLimit(s.shape());
        for (float v : a.get(i)) {
          assertThat(v).isBetween(-limit, limit);
        }
      }
    }
  }

  @Test
  void dataSplitsAreLoadedLazilyOnceAndChecked() {
    Map<String, Integer> calls = new HashMap<>();
    DatasetLoader loader = (dataset, split) -> {
      calls.merge(dataset + "/" + split, 1, Integer::sum);
      return SyntheticImages.squares(dataset + "/" + split, 8, 28, 10, 1);
    };
    ImageClassifier p = ProblemRegistry.create("conv_train", loader);
    assertThat(calls).isEmpty();
    ImageSet train = p.trainData();
    assertThat(p.trainData()).isSameAs(train);
    assertThat(calls).containsExactly(Map.entry("mnist/train", 1));
    p.testData();
    p.testData();
    assertThat(calls).containsEntry("mnist/test", 1).hasSize(2);

    ImageClassifier cifar = ProblemRegistry.create("conv_cifar10", loader);
    assertThatThrownBy(cifar::trainData).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cifar10/train").hasMessageContaining("[32, 32, 3]");
  }

  @Test
  void convTrainPresetConfigBuildsConvTrain() {
    Map<String, Object> config = Map.of("target", "conv_classifier", "args", List.of(), "kwargs", Map.of(
        "layers", List.of(List.of(16, 3, 1), 2, List.of(32, 5, 1), 2), "activation", "relu", "dataset", "mnist",
        "batch_size", 128, "shuffle_buffer", 16384));
    ImageClassifier p = ProblemRegistry.fromConfig(config, NO_DATA);
    ImageClassifier reference = ProblemRegistry.create("conv_train", NO_DATA);
    assertThat(p.params()).extracting(ParamSpec::shape)
        .containsExactlyElementsOf(reference.params().stream().map(ParamSpec::shape).toList());
    assertThat(p.batchSize()).isEqualTo(128);
    assertThat(p.name()).isEqualTo("conv_classifier");
    assertThat(ProblemRegistry.fromConfig("conv_train", config, NO_DATA).name()).isEqualTo("conv_train");
  }

  @Test
  void baseMlpConfigBuildsTheSigmoidMlp() {
    Map<String, Object> config = Map.of("target", "mlp_classifier", "args", List.of(), "kwargs", Map.of(
        "layers", List.of(20), "dataset", "mnist", "activation", "sigmoid", "shuffle_buffer", 16384, "batch_size", 128));
    ImageClassifier p = ProblemRegistry.fromConfig(config, NO_DATA);
    assertThat(p).isInstanceOf(MlpClassifier.class);
    assertThat(p.parameterCount()).isEqualTo(15_910);
    assertThat(p.network().layers().get(0)).isEqualTo(
        new org.l2o.problems.nn.DenseLayer(20, org.l2o.problems.nn.Activation.SIGMOID));
  }

  @Test
  void configDefaultsFollowTheOriginalFunctions() {
    ImageClassifier conv = ProblemRegistry.fromConfig(Map.of("target", "conv_classifier"), NO_DATA);
    assertThat(conv.parameterCount()).isEqualTo(18_122);
    assertThat(conv.batchSize()).isEqualTo(32);
    ImageClassifier mlp = ProblemRegistry.fromConfig(Map.of("target", "mlp_classifier", "kwargs",
        Map.of("dataset", "fashion_mnist")), NO_DATA);
    assertThat(mlp.parameterCount()).isEqualTo(784 * 128 + 128 + 128 * 10 + 10);
  }

  @Test
  void configErrorsNameTheOffendingKey() {
    assertThatThrownBy(() -> ProblemRegistry.fromConfig(Map.of("target", "conv_classifier",
        "kwargs", Map.of("dropout", 0.5)), NO_DATA)).hasMessageContaining("problem.kwargs.dropout");
    assertThatThrownBy(() -> ProblemRegistry.fromConfig(Map.of("target", "mlp_classifier",
        "kwargs", Map.of("head_type", "dense")), NO_DATA)).hasMessageContaining("problem.kwargs.head_type");
    assertThatThrownBy(() -> ProblemRegistry.fromConfig(Map.of("target", "conv_classifier", "extra", 1), NO_DATA))
        .hasMessageContaining("problem.extra");
    assertThatThrownBy(() -> ProblemRegistry.fromConfig(Map.of("target", "resnet"), NO_DATA))
        .hasMessageContaining("problem.target");
    assertThatThrownBy(() -> ProblemRegistry.fromConfig(Map.of("target", "conv_classifier", "args", List.of(1)),
        NO_DATA)).hasMessageContaining("problem.args");
    assertThatThrownBy(() -> ProblemRegistry.fromConfig(Map.of("target", "conv_classifier",
        "kwargs", Map.of("head_type", "average")), NO_DATA)).hasMessageContaining("problem.kwargs.layers")
        .hasMessageContaining("average head");
    assertThatThrownBy(() -> ProblemRegistry.fromConfig(Map.of("target", "conv_classifier",
        "kwargs", Map.of("head_type", "mean")), NO_DATA)).hasMessageContaining("problem.kwargs.head_type");
    assertThatThrownBy(() -> ProblemRegistry.fromConfig(Map.of("target", "nas_classifier",
        "kwargs", Map.of("layers", List.of())), NO_DATA)).hasMessageContaining("problem.kwargs.layers");
    assertThatThrownBy(() -> ProblemRegistry.fromConfig(Map.of("target", "conv_classifier",
        "kwargs", Map.of("layers", List.of(List.of(16, 3, 1), "two"))), NO_DATA))
        .hasMessageContaining("problem.kwargs.layers[1]");
    assertThatThrownBy(() -> ProblemRegistry.fromConfig(Map.of("target", "conv_classifier",
        "kwargs", Map.of("dataset", "imagenet")), NO_DATA)).hasMessageContaining("problem.kwargs.dataset")
        .hasMessageContaining("imagenet");
    assertThatThrownBy(() -> ProblemRegistry.fromConfig(Map.of("target", "conv_classifier",
        "kwargs", Map.of("activation", "gelu")), NO_DATA)).hasMessageContaining("problem.kwargs.activation");
    assertThatThrownBy(() -> ProblemRegistry.fromConfig(Map.of("target", "conv_classifier",
        "kwargs", Map.of("batch_size", 12.5)), NO_DATA)).hasMessageContaining("problem.kwargs.batch_size");
  }

  @Test
  void datasetTableKnowsShapesWithoutData() {
    assertThat(DatasetSpec.of("kmnist").exampleShape()).isEqualTo(Shape.of(28, 28, 1));
    assertThat(DatasetSpec.of("svhn_cropped").exampleShape()).isEqualTo(Shape.of(32, 32, 3));
    assertThat(DatasetSpec.of("cifar10").numClasses()).isEqualTo(10);
    assertThat(DatasetSpec.of("cifar100").numClasses()).isEqualTo(100);
    assertThat(DatasetSpec.names()).contains("mnist", "fashion_mnist", "kmnist", "cifar10", "svhn_cropped");
  }
}
