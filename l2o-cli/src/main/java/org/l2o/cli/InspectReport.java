package org.l2o.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.l2o.core.checkpoint.CheckpointInspection;
import org.l2o.core.checkpoint.CheckpointInspection.Tensor;
import org.l2o.core.checkpoint.TensorStatistics;
import org.l2o.core.json.Json;

/** How {@code l2o inspect} shows one inspected checkpoint: a table for people, or JSON. */
final class InspectReport {
  private InspectReport() {}

  /** The table: a heading, one row per tensor, the total and the verdict. */
  static String text(CheckpointInspection inspection, String role) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"tensor", "dtype", "shape", "count", "NaN", "+Inf", "-Inf", "RMS", "mean|x|"});
    for (Tensor t : inspection.tensors()) {
      TensorStatistics s = t.statistics();
      rows.add(new String[] {t.name(), t.entry().typeName(), t.entry().shape().toString(),
          String.valueOf(t.entry().shape().size()), s == null ? "-" : String.valueOf(s.nan()),
          s == null ? "-" : String.valueOf(s.posInf()), s == null ? "-" : String.valueOf(s.negInf()),
          s == null ? "-" : number(s.rms()), s == null ? "-" : number(s.meanAbs())});
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("checkpoint ").append(inspection.prefix()).append(role.isEmpty() ? "" : " (" + role + ")")
        .append('\n');
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        // names and types left-aligned, numbers right-aligned
        String cell = i < 3 ? pad(row[i], widths[i], true) : pad(row[i], widths[i], false);
        line.append(i == 0 ? "" : "  ").append(cell);
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    List<Tensor> weights = inspection.weights();
    out.append(String.format(Locale.ROOT, "total: %d tensors, %d values; policy weights: %d tensors, %d values%n",
        inspection.tensors().size(), values(inspection.tensors()), weights.size(), values(weights)));
    out.append(inspection.finite() ? "all values finite" : "NOT FINITE: " + nonFinite(inspection)).append('\n');
    return out.toString();
  }

  /** The JSON object of one checkpoint (NaN statistics, of a tensor without finite values, as null). */
  static ObjectNode json(CheckpointInspection inspection, String role) {
    ObjectNode node = Json.nodes().objectNode();
    node.put("checkpoint", inspection.prefix().toString());
    node.put("role", role);
    node.put("finite", inspection.finite());
    ArrayNode tensors = node.putArray("tensors");
    for (Tensor t : inspection.tensors()) {
      ObjectNode row = tensors.addObject();
      row.put("name", t.name());
      row.put("key", t.entry().key());
      row.put("dtype", t.entry().typeName());
      ArrayNode shape = row.putArray("shape");
      for (long d : t.entry().shape().asArray()) {
        shape.add(d);
      }
      row.put("count", t.entry().shape().size());
      row.put("weight", t.isWeight());
      TensorStatistics s = t.statistics();
      if (s != null) {
        row.put("nan", s.nan());
        row.put("pos_inf", s.posInf());
        row.put("neg_inf", s.negInf());
        putNumber(row, "rms", s.rms());
        putNumber(row, "mean_abs", s.meanAbs());
      }
    }
    ObjectNode total = node.putObject("total");
    total.put("tensors", inspection.tensors().size());
    total.put("values", values(inspection.tensors()));
    total.put("weight_tensors", inspection.weights().size());
    total.put("weight_values", values(inspection.weights()));
    ArrayNode bad = node.putArray("non_finite");
    inspection.nonFinite().forEach(t -> bad.add(t.name()));
    return node;
  }

  /** The non-finite tensors with what is wrong in each, e.g. {@code network/delta/bias (1 NaN, 2 +Inf)}. */
  static String nonFinite(CheckpointInspection inspection) {
    List<String> parts = new ArrayList<>();
    for (Tensor t : inspection.nonFinite()) {
      TensorStatistics s = t.statistics();
      List<String> counts = new ArrayList<>();
      if (s.nan() > 0) {
        counts.add(s.nan() + " NaN");
      }
      if (s.posInf() > 0) {
        counts.add(s.posInf() + " +Inf");
      }
      if (s.negInf() > 0) {
        counts.add(s.negInf() + " -Inf");
      }
      parts.add(t.name() + " (" + String.join(", ", counts) + ")");
    }
    return String.join(", ", parts);
  }

  private static long values(List<Tensor> tensors) {
    return tensors.stream().mapToLong(t -> t.entry().shape().size()).sum();
  }

  private static String number(double x) {
    if (Double.isNaN(x)) {
      return "-";
    }
    return x == 0 ? "0" : String.format(Locale.ROOT, "%.6g", x);
  }

  private static void putNumber(ObjectNode row, String key, double x) {
    if (Double.isNaN(x)) {
      row.putNull(key);
    } else {
      row.put(key, x);
    }
  }

  private static String pad(String s, int width, boolean left) {
    String fill = " ".repeat(width - s.length());
    return left ? s + fill : fill + s;
  }
}
