package org.l2o.core.io;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Mutated copies of a valid file's bytes for property tests: one to three truncations, bit flips, byte
 * overwrites, insertions or removals at arbitrary positions. Positions are drawn as plain integers and taken
 * modulo the current length, so every mutation applies to every input and shrinks towards the file's start.
 */
public final class ByteMutations {
  private ByteMutations() {}

  /** The kinds of damage a file suffers: cut off, bit rot, overwritten, grown, shrunk. */
  public enum Kind {
    TRUNCATE, FLIP_BIT, SET_BYTE, INSERT, REMOVE
  }

  /** One mutation; {@code position} is reduced modulo the length of the bytes it is applied to. */
  public record Mutation(Kind kind, int position, byte[] bytes) {
    /** A mutated copy of {@code in}. */
    public byte[] apply(byte[] in) {
      int at = in.length == 0 ? 0 : position % (in.length + 1);
      int inside = in.length == 0 ? 0 : position % in.length;
      byte value = bytes.length == 0 ? 0 : bytes[0];
      return switch (kind) {
        case TRUNCATE -> Arrays.copyOf(in, at);
        case FLIP_BIT -> edit(in, inside, b -> (byte) (b ^ (1 << (position >>> 28 & 7))));
        case SET_BYTE -> edit(in, inside, b -> value);
        case INSERT -> {
          byte[] out = new byte[in.length + bytes.length];
          System.arraycopy(in, 0, out, 0, at);
          System.arraycopy(bytes, 0, out, at, bytes.length);
          System.arraycopy(in, at, out, at + bytes.length, in.length - at);
          yield out;
        }
        case REMOVE -> {
          int n = Math.min(in.length - at, 1 + (bytes.length == 0 ? 0 : bytes[0] & 0x0f));
          byte[] out = new byte[in.length - n];
          System.arraycopy(in, 0, out, 0, at);
          System.arraycopy(in, at + n, out, at, in.length - at - n);
          yield out;
        }
      };
    }

    private static byte[] edit(byte[] in, int i, java.util.function.IntUnaryOperator change) {
      byte[] out = in.clone();
      if (out.length > 0) {
        out[i] = (byte) change.applyAsInt(out[i]);
      }
      return out;
    }

    @Override
    public String toString() {
      return kind + "@" + position + Arrays.toString(bytes);
    }
  }

  /** Single mutations. */
  public static Arbitrary<Mutation> mutations() {
    return Combinators.combine(
            Arbitraries.of(Kind.class),
            Arbitraries.integers().greaterOrEqual(0),
            Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8))
        .as(Mutation::new);
  }

  /** One to three mutations, applied in order. */
  public static Arbitrary<List<Mutation>> sequences() {
    return mutations().list().ofMinSize(1).ofMaxSize(3);
  }

  /** Applies {@code mutations} to a copy of {@code base}. */
  public static byte[] apply(byte[] base, List<Mutation> mutations) {
    byte[] out = base;
    for (Mutation m : mutations) {
      out = m.apply(out);
    }
    return out;
  }
}
