package org.l2o.core.io;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Checks names a user gives that become part of a path (an evaluation suffix, a problem name), so that the file
 * they name stays inside its parent folder: {@code --suffix=x/../../../t} must not write outside the experiment.
 */
public final class PathNames {
  private PathNames() {}

  /**
   * Refuses {@code name} unless it is one plain path element: not empty, not {@code .} or {@code ..}, and without
   * {@code /}, {@code \} or NUL.
   *
   * @param name the user's name
   * @param what what it is, for the message, e.g. {@code "--suffix"}
   * @return {@code name}
   * @throws IllegalArgumentException naming {@code what}, the value and what is allowed
   */
  public static String requirePlainName(String name, String what) {
    Objects.requireNonNull(what, "what");
    if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
        || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(what + " '" + name + "' is not a plain name: it becomes one folder or file"
          + " name, so it must not be empty, '.' or '..' and must not contain '/' or '\\'");
    }
    return name;
  }

  /**
   * {@code parent/name} for a user-given {@code name} checked by {@link #requirePlainName}, and checked again
   * after normalisation to lie directly inside {@code parent}.
   *
   * @param parent the folder the child must lie in
   * @param name the user's name
   * @param what what it is, for the message, e.g. {@code "--suffix"}
   * @return {@code parent.resolve(name)}
   * @throws IllegalArgumentException as {@link #requirePlainName}
   */
  public static Path child(Path parent, String name, String what) {
    Objects.requireNonNull(parent, "parent");
    requirePlainName(name, what);
    Path child = parent.resolve(name);
    Path normalParent = parent.toAbsolutePath().normalize();
    if (!normalParent.equals(child.toAbsolutePath().normalize().getParent())) {
      throw new IllegalArgumentException(what + " '" + name + "' leads outside " + parent);
    }
    return child;
  }
}
