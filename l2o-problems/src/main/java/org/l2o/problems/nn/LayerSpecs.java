package org.l2o.problems.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * The original's layer-spec syntax (spec §3.3): an int p is MaxPool p; a triple [f, k, s] is Conv2D with
 * f filters, a k x k kernel and stride s, using the activation shared by all convolutions.
 */
public final class LayerSpecs {

  private LayerSpecs() {}

  /**
   * Parses a list such as {@code [[16, 3, 1], 2, [32, 5, 1], 2]}.
   *
   * @param specs      ints and 3-element lists of ints (integral numbers of any boxed type)
   * @param activation activation of every convolution
   * @param path       where the list came from, for error messages (e.g. {@code kwargs.layers})
   * @throws IllegalArgumentException naming the path and index of a malformed entry
   */
  public static List<Layer> parseConvLayers(List<?> specs, Activation activation, String path) {
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      Object o = specs.get(i);
      String where = path + "[" + i + "]";
      if (o instanceof Number n) {
        layers.add(new MaxPoolLayer(toInt(n, where)));
      } else if (o instanceof List<?> l && l.size() == 3) {
        layers.add(new Conv2DLayer(toInt(l.get(0), where + "[0]"), toInt(l.get(1), where + "[1]"),
            toInt(l.get(2), where + "[2]"), activation));
      } else {
        throw new IllegalArgumentException(where + ": expected an int (max-pool size) or [filters, kernel, stride], got "
            + o);
      }
    }
    return layers;
  }

  /**
   * Converts an integral number (Integer, Long, or a Double without fraction) to int.
   *
   * @throws IllegalArgumentException naming {@code where} otherwise
   */
  public static int toInt(Object o, String where) {
    if (o instanceof Number n) {
      double d = n.doubleValue();
      if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
        return (int) d;
      }
    }
    throw new IllegalArgumentException(where + ": expected an integer, got " + o);
  }
}
