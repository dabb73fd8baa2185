package org.l2o.experiment.config;

import org.l2o.core.json.ConfigException;
import org.l2o.strategies.Schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigsTest {

  @Test
  void everyStrategyAndPolicyCombinationHasTheOriginalTopLevelKeys() {
    for (String s : Configs.STRATEGIES) {
      for (String p : Configs.POLICIES) {
        ObjectNode c = Configs.defaults(s, p);
        List<String> keys = new ArrayList<>();
        c.properties().forEach(e -> keys.add(e.getKey()));
        assertThat(keys).as(s + "+" + p).containsExactlyElementsOf(Configs.TOP_LEVEL_KEYS);
        assertThat(c.get("strategy").isObject()).isTrue();
        assertThat(c.get("policy").isObject()).isTrue();
      }
    }
  }

  @Test
  void baseMatchesSpecTable() {
    JsonNode c = Configs.defaults("curriculum", "rnnprop");
    JsonNode t = c.get("training");
    assertThat(t.get("use_log_objective").booleanValue()).isTrue();
    assertThat(t.get("scale_objective").booleanValue()).isTrue();
    assertThat(t.get("parameter_scale_spread").doubleValue()).isEqualTo(3.0);
    assertThat(t.get("do_teacher_parameter_scale").booleanValue()).isFalse();
    assertThat(t.get("loss_reduce").asText()).isEqualTo("reduce_max");
    assertThat(t.get("il_mode").asText()).isEqualTo("sum");
    assertThat(t.get("unroll_weight").asText()).isEqualTo("mean");
    assertThat(t.get("teachers").isEmpty()).isTrue();
    assertThat(t.get("obj_train_max_multiplier").intValue()).isEqualTo(-1);
    assertThat(t.get("huber_delta").intValue()).isEqualTo(-1);
    assertThat(t.at("/gradient_clipping/class_name").asText()).isEqualTo("AdaptiveGC");
    assertThat(t.at("/gradient_clipping/config/clip_ratio").doubleValue()).isEqualTo(0.1);
    assertThat(t.at("/gradient_clipping/config/epsilon").doubleValue()).isEqualTo(1e-3);
    assertThat(t.get("epsilon").doubleValue()).isEqualTo(1e-10);
    assertThat(t.get("stack_stats").toString()).isEqualTo("[\"meta_loss\",\"imitation_loss\"]");
    assertThat(c.at("/optimizer/class_name").asText()).isEqualTo("Adam");
    assertThat(c.at("/optimizer/config/learning_rate").doubleValue()).isEqualTo(0.001);
    assertThat(c.at("/optimizer/config/beta_1").doubleValue()).isEqualTo(0.9);
    assertThat(c.at("/optimizer/config/beta_2").doubleValue()).isEqualTo(0.999);
    assertThat(c.at("/problems/0/target").asText()).isEqualTo("mlp_classifier");
    assertThat(c.at("/problems/0/kwargs/layers").toString()).isEqualTo("[20]");
    assertThat(c.at("/problems/0/kwargs/batch_size").intValue()).isEqualTo(128);
  }

  @Test
  void strategiesMatchSpecTable() {
    JsonNode cur = Configs.defaults("curriculum", "rnnprop");
    assertThat(cur.get("strategy_constructor").asText()).isEqualTo("CurriculumLearningStrategy");
    assertThat(cur.at("/strategy/depth/values").toString()).isEqualTo("[1,2,5,10,20]");
    assertThat(cur.at("/strategy/repeat_threshold").doubleValue()).isEqualTo(0.5);
    assertThat(cur.at("/strategy/num_stages").intValue()).isEqualTo(4);
    assertThat(cur.at("/strategy/num_periods").intValue()).isEqualTo(5);
    assertThat(cur.at("/strategy/num_chances").intValue()).isEqualTo(5);
    assertThat(cur.at("/strategy/warmup").intValue()).isEqualTo(1);
    assertThat(cur.at("/strategy/warmup_rate").doubleValue()).isEqualTo(0.05);
    assertThat(cur.at("/strategy/validation_seed").intValue()).isEqualTo(12345);
    assertThat(cur.at("/strategy/validation_problems").isNull()).isTrue();
    assertThat(cur.at("/strategy/annealing_schedule").isFloatingPointNumber()).isTrue();

    JsonNode rep = Configs.defaults("repeat", "rnnprop");
    assertThat(rep.at("/strategy/num_periods").intValue()).isEqualTo(20);
    assertThat(rep.at("/strategy/depth/values").toString()).isEqualTo("[1,2,5]");
    assertThat(rep.at("/strategy/repeat_threshold").doubleValue()).isEqualTo(0.8);
    assertThat(rep.at("/strategy/validation_depth").intValue()).isEqualTo(5);
    assertThat(rep.at("/strategy/max_repeat").intValue()).isEqualTo(4);

    JsonNode sim = Configs.defaults("simple", "rnnprop");
    assertThat(sim.at("/strategy/num_periods").intValue()).isEqualTo(25);
    assertThat(sim.at("/strategy/unroll_len").intValue()).isEqualTo(20);
    assertThat(sim.at("/strategy/depth").intValue()).isEqualTo(25);
    assertThat(sim.at("/strategy").has("max_repeat")).isFalse();
  }

  @Test
  void everyDefaultScheduleParses() {
    for (String s : Configs.STRATEGIES) {
      JsonNode st = Configs.strategy(s).get("strategy");
      for (String k : List.of("unroll_len", "depth", "epochs", "warmup")) {
        assertThat(Schedules.integer(st.get(k)).applyAsInt(0)).as(s + " " + k).isGreaterThanOrEqualTo(0);
      }
      for (String k : List.of("annealing_schedule", "warmup_rate")) {
        assertThat(Schedules.floating(st.get(k)).applyAsDouble(0)).as(s + " " + k).isGreaterThanOrEqualTo(0);
      }
    }
  }

  @Test
  void policiesMatchSpec() {
    JsonNode rnnprop = Configs.policy("rnnprop");
    assertThat(rnnprop.get("policy_constructor").asText()).isEqualTo("RNNPropOptimizer");
    assertThat(rnnprop.at("/policy/alpha").doubleValue()).isEqualTo(0.1);
    assertThat(rnnprop.at("/policy/layers").toString()).isEqualTo("[20,20]");
    assertThat(rnnprop.at("/policy/warmup_lstm_update").booleanValue()).isFalse();
    assertThat(rnnprop.at("/policy/perturbation").isNull()).isTrue();
    assertThat(rnnprop.at("/policy/input_noise").doubleValue()).isEqualTo(0.0);

    JsonNode less = Configs.policy("less_choice").get("policy");
    assertThat(less.at("/pool/0/class_name").asText()).isEqualTo("RMSProp");
    assertThat(less.at("/pool/0/config/learning_rate").doubleValue()).isEqualTo(0.005);
    assertThat(less.at("/pool/0/config").has("epsilon")).as("RMSProp pool uses class default 1e-7").isFalse();
    assertThat(less.at("/pool/1/config/learning_rate").doubleValue()).isEqualTo(0.02);
    assertThat(less.get("time_scale").doubleValue()).isEqualTo(2000.0);

    JsonNode more = Configs.policy("more_choice").get("policy");
    List<String> pool = new ArrayList<>();
    more.get("pool").forEach(p -> pool.add(p.get("class_name").asText()));
    assertThat(pool).containsExactly("SGD", "Momentum", "RMSProp", "Adam", "PowerSign", "AddSign");
    assertThat(more.at("/pool/0/config/learning_rate").doubleValue()).isEqualTo(2.0);
    assertThat(more.at("/pool/4/config/learning_rate").doubleValue()).isEqualTo(1.0);

    JsonNode sgd = Configs.policy("less_choice_sgd").get("policy");
    assertThat(sgd.at("/pool/0/class_name").asText()).isEqualTo("SGD");
    assertThat(sgd.at("/pool/0/config/learning_rate").doubleValue()).isEqualTo(0.2);
    assertThat(sgd.at("/pool/1/class_name").asText()).isEqualTo("Adam");

    JsonNode scale = Configs.policy("scale_hierarchical").get("policy");
    assertThat(scale.get("momentum_decay_bias_init").doubleValue()).isEqualTo(Math.log(0.9 / (1 - 0.9)));
    assertThat(scale.get("variance_decay_bias_init").doubleValue()).isEqualTo(Math.log(0.999 / (1 - 0.999)));
    assertThat(scale.get("init_lr").toString()).isEqualTo("[0.001,0.001]");
    assertThat(Configs.policy("dmoptimizer").at("/policy/learning_rate").doubleValue()).isEqualTo(0.1);
  }

  @Test
  void returnsIndependentDeepCopies() {
    ObjectNode a = Configs.defaults("repeat", "rnnprop");
    ((ObjectNode) a.get("training")).put("il_mode", "changed");
    ((com.fasterxml.jackson.databind.node.ArrayNode) a.at("/training/teachers")).add("x");
    ObjectNode b = Configs.defaults("repeat", "rnnprop");
    assertThat(b.at("/training/il_mode").asText()).isEqualTo("sum");
    assertThat(b.at("/training/teachers").isEmpty()).isTrue();
  }

  @Test
  void unknownNamesListTheValidOnes() {
    assertThatThrownBy(() -> Configs.defaults("curriculumn", "rnnprop"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown strategy 'curriculumn'")
        .hasMessageContaining("simple, repeat, curriculum");
    assertThatThrownBy(() -> Configs.defaults("repeat", "DMOptimizer"))
        .hasMessageContaining("unknown policy 'DMOptimizer'")
        .hasMessageContaining("dmoptimizer")
        .hasMessageContaining("less_choice_sgd");
  }
}
