package org.l2o.core.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/** Device selection and placement, on the CPU build (no GPU here): what can be checked without one. */
class TfDevicesTest {

  @AfterEach
  void reset() {
    TfDevices.select(DeviceSelection.DEFAULT);
    TfDevices.onThread(null);
  }

  @Test
  void selectionsBecomeSessionConfigs() {
    ConfigProto.Builder cpu = ConfigProto.newBuilder();
    DeviceSelection.CPU.applyTo(cpu);
    assertThat(cpu.getDeviceCountMap()).containsEntry("GPU", 0);
    ConfigProto.Builder gpus = ConfigProto.newBuilder();
    DeviceSelection.gpus(List.of(2, 0)).applyTo(gpus);
    assertThat(gpus.getGpuOptions().getVisibleDeviceList()).isEqualTo("2,0");
    assertThat(gpus.getGpuOptions().getAllowGrowth()).isTrue();
    assertThat(gpus.getAllowSoftPlacement()).isTrue();
    assertThat(gpus.getDeviceCountMap()).isEmpty();
    TfDevices.select(DeviceSelection.CPU);
    assertThat(TfSessions.config(k -> null).getDeviceCountMap()).containsEntry("GPU", 0);
  }

  @Test
  void badSelectionsAreRefused() {
    assertThatThrownBy(() -> new DeviceSelection(true, List.of(0))).hasMessageContaining("--cpu and --gpus");
    assertThatThrownBy(() -> DeviceSelection.gpus(List.of(-1))).hasMessageContaining("--gpus").hasMessageContaining("-1");
    assertThatThrownBy(() -> DeviceSelection.gpus(List.of(1, 1))).hasMessageContaining("once").hasMessageContaining("1,1");
  }

  @Test
  void aGpuThatIsNotThereIsRefusedNamingTheDevicesThatAre() {
    assertThat(TfDevices.check(DeviceSelection.DEFAULT)).isZero();
    assertThat(TfDevices.check(DeviceSelection.CPU)).isZero();
    assertThatThrownBy(() -> TfDevices.check(DeviceSelection.gpus(List.of(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--gpus=1: no such GPU").hasMessageContaining("sees none").hasMessageContaining("/device:CPU:0")
        .hasMessageContaining("--cpu");
  }

  @Test
  void aThreadDevicePlacesEveryOpOfTheGraph() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      var x = tf.placeholder(TFloat32.class);
      var y = tf.math.mul(x, x);
      var grad = g.addGradients(y.asOutput(), new org.tensorflow.Output<?>[] {x.asOutput()})[0];
      TfDevices.onThread("/device:CPU:0");
      try (Session s = TfSessions.newSession(g); TFloat32 in = TFloat32.scalarOf(3f);
           Result r = s.runner().feed(x, in).fetch(grad).run()) {
        assertThat(((TFloat32) r.get(0)).getFloat()).isEqualTo(6f);
      }
      g.operations().forEachRemaining(op -> assertThat(op.device()).as(op.name()).isEqualTo("/device:CPU:0"));
    }
  }

  @Test
  void aPlacementReachesTheOps_aMissingDeviceFailsWithoutSoftPlacement() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      var y = tf.identity(tf.constant(1f));
      TfDevices.place(g, "/device:GPU:0");
      try (Session s = new Session(g, ConfigProto.newBuilder().setAllowSoftPlacement(false).build())) {
        assertThatThrownBy(() -> s.runner().fetch(y).run()).hasMessageContaining("GPU");
      }
    }
  }
}
