package org.l2o.cli;

import java.util.regex.Pattern;

/** Words of a command line that the user can paste back into a POSIX shell, paths with spaces included. */
final class ShellWords {
  /** Words a shell takes as they are. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./=:,+@%-]+");

  private ShellWords() {}

  /** {@code word} itself if a shell reads it unchanged, else single-quoted (an inner {@code '} as {@code '\''}). */
  static String quote(String word) {
    return PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
  }
}
