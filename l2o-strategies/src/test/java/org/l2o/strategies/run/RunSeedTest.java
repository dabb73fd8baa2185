package org.l2o.strategies.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.json.ConfigException;

/** The run seed file: written once, read back by every later run, a differing --seed refused. */
class RunSeedTest {
  @TempDir Path dir;

  @Test
  void aRequestedSeedIsSavedAndReadBack() throws Exception {
    assertThat(RunSeed.read(dir)).isEmpty();
    assertThat(RunSeed.resolve(dir, -1234567890123L)).isEqualTo(-1234567890123L);
    assertThat(Files.readString(dir.resolve("seed.txt"))).isEqualTo("-1234567890123\n");
    assertThat(RunSeed.read(dir)).contains(-1234567890123L);
    assertThat(RunSeed.resolve(dir, null)).isEqualTo(-1234567890123L);
    assertThat(RunSeed.resolve(dir, -1234567890123L)).isEqualTo(-1234567890123L);
  }

  @Test
  void withoutASeedOneIsDrawnAndKept() {
    long drawn = RunSeed.resolve(dir, null);
    assertThat(RunSeed.read(dir)).contains(drawn);
    assertThat(RunSeed.resolve(dir, null)).isEqualTo(drawn);
  }

  @Test
  void aDifferentSeedIsRefusedNamingBoth() {
    RunSeed.resolve(dir, 7L);
    assertThatThrownBy(() -> RunSeed.resolve(dir, 8L)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("--seed=8").hasMessageContaining("run seed 7")
        .hasMessageContaining(dir.resolve("seed.txt").toString());
    assertThatThrownBy(() -> RunSeed.initialize(dir, 8L)).isInstanceOf(ConfigException.class);
    assertThat(RunSeed.read(dir)).contains(7L);
  }

  @Test
  void initializeSavesOnlyAGivenSeed() {
    RunSeed.initialize(dir, null);
    assertThat(dir.resolve("seed.txt")).doesNotExist();
    RunSeed.initialize(dir, 5L);
    assertThat(RunSeed.read(dir)).contains(5L);
    RunSeed.initialize(dir, null);
    assertThat(RunSeed.resolve(dir, null)).isEqualTo(5L);
  }

  @Test
  void aMalformedFileNamesItself() throws Exception {
    Files.writeString(dir.resolve("seed.txt"), "twelve");
    assertThatThrownBy(() -> RunSeed.read(dir)).isInstanceOf(ConfigException.class)
        .hasMessageContaining(dir.resolve("seed.txt").toString()).hasMessageContaining("twelve");
  }
}
