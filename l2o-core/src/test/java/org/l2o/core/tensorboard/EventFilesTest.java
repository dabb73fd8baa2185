package org.l2o.core.tensorboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.io.FileFormatException;
import org.tensorflow.proto.Event;

/** The writer's files read back by the reader, and the reader's checks of damaged files. */
class EventFilesTest {
  @TempDir Path dir;

  @Test
  void maskedCrcOfTheStandardCheckString() {
    // CRC32C("123456789") = 0xE3069283 (RFC 3720's check value); masked by hand: rotate right 15, add 0xa282ead8
    int crc = 0xE3069283;
    int masked = ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    assertThat(TfRecords.maskedCrc("123456789".getBytes(StandardCharsets.US_ASCII), 0, 9)).isEqualTo(masked);
  }

  @Test
  void readsBackWhatTheWriterWrote() throws IOException {
    Path run = dir.resolve("run");
    try (EventFileWriter w = new EventFileWriter(run)) {
      w.scalar("meta_loss", 0, 1.5f);
      w.scalar("meta_loss", 1, -0.25f);
      w.scalar("meta_loss", 7, Float.NaN);
      w.scalar("teacher_counts/0_adam", 3, 12f);
      w.scalar("a/b c", 1L << 40, 3.0e-7f);
    }
    List<Path> files = EventFiles.files(run);
    assertThat(files).hasSize(1);
    assertThat(files.get(0).getFileName().toString()).startsWith("events.out.tfevents.").endsWith(".v2");
    List<Event> events = EventFiles.read(files.get(0));
    assertThat(events.get(0).getFileVersion()).isEqualTo("brain.Event:2");

    Map<String, List<ScalarPoint>> s = EventFiles.scalars(run);
    assertThat(s.keySet()).containsExactly("meta_loss", "teacher_counts/0_adam", "a/b c");
    assertThat(s.get("meta_loss")).extracting(ScalarPoint::step).containsExactly(0L, 1L, 7L);
    assertThat(s.get("meta_loss")).extracting(ScalarPoint::value).containsExactly(1.5f, -0.25f, Float.NaN);
    assertThat(s.get("teacher_counts/0_adam").get(0).value()).isEqualTo(12f);
    assertThat(s.get("a/b c").get(0)).extracting(ScalarPoint::step, ScalarPoint::value)
        .containsExactly(1L << 40, 3.0e-7f);
    double now = System.currentTimeMillis() / 1000.0;
    assertThat(s.get("meta_loss").get(0).wallTime()).isBetween(now - 600, now + 1);
  }

  @Test
  void aSessionStartDropsTheEarlierPointsFromItsStepOn() throws IOException {
    Path run = dir.resolve("run");
    try (EventFileWriter w = new EventFileWriter(run)) {
      for (int i = 0; i < 5; i++) {
        w.scalar("x", i, i);
      }
      w.sessionStart(3);
      w.scalar("x", 3, 30f);
    }
    assertThat(EventFiles.scalars(run).get("x")).extracting(ScalarPoint::value).containsExactly(0f, 1f, 2f, 30f);
  }

  @Test
  void aDamagedRecordIsReportedWithTheFileAndRecord() throws IOException {
    Path run = dir.resolve("run");
    try (EventFileWriter w = new EventFileWriter(run)) {
      w.scalar("x", 0, 1f);
      w.scalar("x", 1, 2f);
    }
    Path file = EventFiles.files(run).get(0);
    byte[] bytes = Files.readAllBytes(file);
    List<byte[]> records = TfRecords.read(file);
    // the data of record 1: after record 0 (12 + length + 4 bytes) and record 1's 12-byte header
    int at = 12 + records.get(0).length + 4 + 12 + 2;
    byte[] data = bytes.clone();
    data[at] ^= 0x40;
    Files.write(file, data);
    assertThatThrownBy(() -> EventFiles.scalars(run)).isInstanceOf(FileFormatException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("record 1 ")
        .hasMessageContaining("data's CRC32C");

    byte[] length = bytes.clone();
    length[12 + records.get(0).length + 4] ^= 0x01; // record 1's length
    Files.write(file, length);
    assertThatThrownBy(() -> EventFiles.read(file)).isInstanceOf(FileFormatException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("record 1 ").hasMessageContaining("length's");

    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 3));
    int last = records.size() - 1;
    assertThatThrownBy(() -> EventFiles.read(file)).isInstanceOf(FileFormatException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("record " + last + " ")
        .hasMessageContaining("truncated");
  }

  @Test
  void aRecordThatIsNoEventIsReported() throws IOException {
    Path file = dir.resolve(EventFileWriter.FILE_PREFIX + "1.test");
    byte[] junk = {(byte) 0xff, (byte) 0xff, (byte) 0xff};
    Files.write(file, TfRecordsTestSupport.frame(junk));
    assertThatThrownBy(() -> EventFiles.read(file)).isInstanceOf(FileFormatException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("record 0 is not an Event");
  }

  @Test
  void aClosedWriterRefusesMore() throws IOException {
    EventFileWriter w = new EventFileWriter(dir.resolve("run"));
    w.close();
    w.close(); // idempotent
    assertThatThrownBy(() -> w.scalar("x", 0, 1f)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
