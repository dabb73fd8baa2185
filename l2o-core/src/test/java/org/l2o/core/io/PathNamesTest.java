package org.l2o.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** User-given names that become one path element stay inside their parent. */
class PathNamesTest {
  @Test
  void plainNamesResolveInsideTheParent() {
    assertThat(PathNames.child(Path.of("exp", "eval"), "conv_train_x", "--suffix"))
        .isEqualTo(Path.of("exp", "eval", "conv_train_x"));
    assertThat(PathNames.requirePlainName("a.b-c", "--suffix")).isEqualTo("a.b-c");
  }

  @Test
  void namesThatLeaveTheParentAreRefusedNamingTheOption() {
    for (String bad : new String[] {"x/../../../t", "..", ".", "", "a/b", "a\\b", "/abs", "a\0b"}) {
      assertThatThrownBy(() -> PathNames.child(Path.of("exp", "eval"), bad, "--suffix")).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--suffix '")
          .hasMessageContaining("is not a plain name");
    }
  }
}
