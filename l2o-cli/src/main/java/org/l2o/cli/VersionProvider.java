package org.l2o.cli;

import picocli.CommandLine.IVersionProvider;

/** Prints the l2o version and the TensorFlow Java it runs on. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {"l2o " + (v == null ? "(development build)" : v), "TensorFlow Java 1.1.0"};
  }
}
