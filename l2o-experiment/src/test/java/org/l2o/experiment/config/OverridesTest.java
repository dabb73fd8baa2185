package org.l2o.experiment.config;

import org.l2o.core.json.ConfigException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverridesTest {

  private static ObjectNode curriculumRnnprop() {
    return Configs.defaults("curriculum", "rnnprop");
  }

  private static void apply(ObjectNode config, String... tokens) {
    Overrides.applyAll(config, Overrides.parseArgs(List.of(tokens)));
  }

  // ---------------------------------------------------------------- parsing

  @Test
  void parsesTokensInArgvOrder() {
    List<ConfigOverride> parsed = Overrides.parseArgs(List.of(
        "--training/loss_reduce='reduce_mean'",
        "--training/teachers/*={'class_name':'SGD','config':{'learning_rate':0.2}}",
        "--policy/perturbation",
        "--strategy/depth/values/0=3"));
    assertThat(parsed).hasSize(4);
    assertThat(parsed.get(0).path()).containsExactly("training", "loss_reduce");
    assertThat(parsed.get(0).value().asText()).isEqualTo("reduce_mean");
    assertThat(parsed.get(0).append()).isFalse();
    assertThat(parsed.get(1).path()).containsExactly("training", "teachers");
    assertThat(parsed.get(1).append()).isTrue();
    assertThat(parsed.get(1).pathString()).isEqualTo("training/teachers/*");
    assertThat(parsed.get(1).value().at("/config/learning_rate").doubleValue()).isEqualTo(0.2);
    assertThat(parsed.get(2).value().isNull()).as("bare --path gives None").isTrue();
    assertThat(parsed.get(3).path()).containsExactly("strategy", "depth", "values", "0");
    assertThat(parsed.get(3).value().intValue()).isEqualTo(3);
  }

  @Test
  void valueMayContainEqualsSigns() {
    ConfigOverride o = Overrides.parseArg("--problems/0/kwargs/dataset=a=b=c");
    assertThat(o.path()).containsExactly("problems", "0", "kwargs", "dataset");
    assertThat(o.value().asText()).isEqualTo("a=b=c");
    assertThat(Overrides.parseArg("--x={'k': 'v=w'}").value().get("k").asText()).isEqualTo("v=w");
  }

  @Test
  void nonLiteralValueIsAString() {
    assertThat(Overrides.parseArg("--training/il_mode=sum").value().asText()).isEqualTo("sum");
  }

  @Test
  void rejectsMalformedTokens() {
    assertThatThrownBy(() -> Overrides.parseArg("training/il_mode=sum"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("training/il_mode=sum");
    assertThatThrownBy(() -> Overrides.parseArg("--=3")).hasMessageContaining("empty path");
    assertThatThrownBy(() -> Overrides.parseArg("--a//b=3")).hasMessageContaining("empty element");
    assertThatThrownBy(() -> Overrides.parseArg("--a/*/b=3")).hasMessageContaining("last element");
    assertThatThrownBy(() -> Overrides.parseArg("--*=3")).hasMessageContaining("appends to nothing");
  }

  // ---------------------------------------------------------------- setting

  @Test
  void setsValuesOfTheSameKind() {
    ObjectNode c = curriculumRnnprop();
    apply(c, "--training/loss_reduce='reduce_mean'", "--policy/layers=[20]", "--strategy/num_stages=3",
        "--optimizer/config/learning_rate=0.002", "--training/scale_objective=False");
    assertThat(c.at("/training/loss_reduce").asText()).isEqualTo("reduce_mean");
    assertThat(c.at("/policy/layers").toString()).isEqualTo("[20]");
    assertThat(c.at("/strategy/num_stages").intValue()).isEqualTo(3);
    assertThat(c.at("/optimizer/config/learning_rate").doubleValue()).isEqualTo(0.002);
    assertThat(c.at("/training/scale_objective").booleanValue()).isFalse();
  }

  @Test
  void intermediateAndFinalListIndices() {
    ObjectNode c = curriculumRnnprop();
    apply(c, "--problems/0/kwargs/batch_size=64", "--strategy/depth/values/-1=30",
        "--policy/layers/0=40");
    assertThat(c.at("/problems/0/kwargs/batch_size").intValue()).isEqualTo(64);
    assertThat(c.at("/strategy/depth/values").toString()).isEqualTo("[1,2,5,10,30]");
    assertThat(c.at("/policy/layers").toString()).isEqualTo("[40,20]");
  }

  @Test
  void appendsToLists() {
    ObjectNode c = curriculumRnnprop();
    apply(c, "--training/teachers/*={'class_name':'SGD','config':{'learning_rate':0.2}}",
        "--training/teachers/*={'class_name':'Adam','config':{}}",
        "--training/stack_stats/*='teacher_counts'");
    assertThat(c.at("/training/teachers").size()).as("repeated appends both apply").isEqualTo(2);
    assertThat(c.at("/training/teachers/1/class_name").asText()).isEqualTo("Adam");
    assertThat(c.at("/training/stack_stats").toString())
        .isEqualTo("[\"meta_loss\",\"imitation_loss\",\"teacher_counts\"]");
  }

  @Test
  void nullMayBeReplacedAndDictsMaySwitchOff() {
    ObjectNode c = curriculumRnnprop();
    apply(c, "--policy/perturbation={'class_name':'RandomPerturbation','config':{'noise_stddev':0.001}}");
    assertThat(c.at("/policy/perturbation/class_name").asText()).isEqualTo("RandomPerturbation");
    apply(c, "--policy/perturbation/config/relative=True");
    assertThat(c.at("/policy/perturbation/config/relative").booleanValue()).isTrue();
    apply(c, "--policy/perturbation");
    assertThat(c.at("/policy/perturbation").isNull()).isTrue();
  }

  @Test
  void openDictsAcceptNewKeys() {
    ObjectNode c = curriculumRnnprop();
    apply(c, "--optimizer/config/epsilon=1e-07", "--problems/0/kwargs/new_kwarg=5",
        "--training/gradient_clipping/config/extra='x'");
    assertThat(c.at("/optimizer/config/epsilon").doubleValue()).isEqualTo(1e-7);
    assertThat(c.at("/problems/0/kwargs/new_kwarg").intValue()).isEqualTo(5);
    assertThat(c.at("/training/gradient_clipping/config/extra").asText()).isEqualTo("x");
  }

  @Test
  void intMayReplaceFloatButNotTheOtherWay() {
    ObjectNode c = curriculumRnnprop();
    apply(c, "--optimizer/config/learning_rate=1", "--training/huber_delta=1.5",
        "--training/obj_train_max_multiplier=2.5");
    assertThat(c.at("/optimizer/config/learning_rate").isIntegralNumber()).isTrue();
    assertThat(c.at("/training/huber_delta").doubleValue()).isEqualTo(1.5);
    assertThatThrownBy(() -> apply(c, "--strategy/num_stages=3.0"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("strategy/num_stages")
        .hasMessageContaining("expected integer")
        .hasMessageContaining("float 3.0");
  }

  @Test
  void schedulesAreValidatedWithTheOriginalsTypeRules() {
    ObjectNode c = Configs.defaults("repeat", "rnnprop");
    apply(c, "--strategy/depth=1", "--strategy/annealing_schedule={'type':'list','values':[0.2,0.1]}",
        "--strategy/warmup={'type':'list','values':[0,1]}", "--strategy/warmup_rate=0.05");
    assertThat(c.at("/strategy/depth").intValue()).isEqualTo(1);
    assertThat(c.at("/strategy/annealing_schedule/values").size()).isEqualTo(2);
    assertThatThrownBy(() -> apply(c, "--strategy/annealing_schedule=0"))
        .hasMessageContaining("strategy/annealing_schedule")
        .hasMessageContaining("float schedule");
    assertThatThrownBy(() -> apply(c, "--strategy/depth=2.0"))
        .hasMessageContaining("strategy/depth").hasMessageContaining("integer schedule");
    assertThatThrownBy(() -> apply(c, "--strategy/depth={'type':'lsit','values':[1]}"))
        .hasMessageContaining("lsit");
  }

  // ---------------------------------------------------------------- errors

  @Test
  void unknownKeyNamesTheFullPathAndKnownKeys() {
    ObjectNode c = curriculumRnnprop();
    assertThatThrownBy(() -> apply(c, "--training/il_mod='sum'"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("training/il_mod")
        .hasMessageContaining("unknown key 'il_mod' in 'training'")
        .hasMessageContaining("il_mode");
    assertThatThrownBy(() -> apply(c, "--polcy/layers=[20]"))
        .hasMessageContaining("unknown key 'polcy' in the config root");
    assertThatThrownBy(() -> apply(c, "--strategy/validation_unroll=100"))
        .as("curriculum has no validation_unroll").hasMessageContaining("strategy/validation_unroll");
    assertThatThrownBy(() -> apply(c, "--policy/alpha/x=1"))
        .hasMessageContaining("policy/alpha/x").hasMessageContaining("'policy/alpha' is float 0.1");
  }

  @Test
  void closedDictsRejectNewKeysEvenInsideSpecs() {
    ObjectNode c = curriculumRnnprop();
    assertThatThrownBy(() -> apply(c, "--optimizer/learning_rate=0.1"))
        .hasMessageContaining("unknown key 'learning_rate' in 'optimizer'");
    assertThatThrownBy(() -> apply(c, "--problems/0/kwarg/x=1"))
        .hasMessageContaining("unknown key 'kwarg' in 'problems/0'");
  }

  @Test
  void wrongTypeNamesTheExpectedType() {
    ObjectNode c = curriculumRnnprop();
    assertThatThrownBy(() -> apply(c, "--policy/alpha=big"))
        .hasMessageContaining("policy/alpha")
        .hasMessageContaining("expected float")
        .hasMessageContaining("got string \"big\"");
    assertThatThrownBy(() -> apply(c, "--training/gradient_clipping=[1]"))
        .hasMessageContaining("expected dict").hasMessageContaining("got list");
    assertThatThrownBy(() -> apply(c, "--policy/layers={'a':1}"))
        .hasMessageContaining("expected list");
    assertThatThrownBy(() -> apply(c, "--training/use_log_objective=1"))
        .hasMessageContaining("expected boolean");
    assertThatThrownBy(() -> apply(c, "--policy/alpha"))
        .hasMessageContaining("expected float").hasMessageContaining("got null");
  }

  @Test
  void indexErrorsNameThePath() {
    ObjectNode c = curriculumRnnprop();
    assertThatThrownBy(() -> apply(c, "--problems/3/kwargs/batch_size=1"))
        .hasMessageContaining("list index 3 out of range for 'problems' (length 1)");
    assertThatThrownBy(() -> apply(c, "--policy/layers/2=5"))
        .hasMessageContaining("list index 2 out of range for 'policy/layers' (length 2)");
    assertThatThrownBy(() -> apply(c, "--problems/first/target='x'"))
        .hasMessageContaining("'first' is not a list index; 'problems' is a list");
  }

  @Test
  void appendErrors() {
    ObjectNode c = curriculumRnnprop();
    assertThatThrownBy(() -> apply(c, "--training/loss_reduce/*='x'"))
        .hasMessageContaining("cannot append").hasMessageContaining("'training/loss_reduce' is string");
    assertThatThrownBy(() -> apply(c, "--training/stack_stats/*={'a':1}"))
        .hasMessageContaining("a list of string values");
  }

  @Test
  void failedOverrideLeavesConfigUnchanged() {
    ObjectNode c = curriculumRnnprop();
    ObjectNode before = c.deepCopy();
    assertThatThrownBy(() -> apply(c, "--policy/alpha='x'")).isInstanceOf(ConfigException.class);
    assertThat(c).isEqualTo(before);
  }

  @Test
  void insertedValuesAreCopies() {
    ConfigOverride o = Overrides.parseArg("--training/teachers/*={'class_name':'SGD','config':{}}");
    ObjectNode a = curriculumRnnprop();
    ObjectNode b = curriculumRnnprop();
    Overrides.apply(a, o);
    Overrides.apply(b, o);
    ((ObjectNode) a.at("/training/teachers/0")).put("class_name", "Adam");
    assertThat(b.at("/training/teachers/0/class_name").asText()).isEqualTo("SGD");
    assertThat(o.value().get("class_name").asText()).isEqualTo("SGD");
  }
}
