package org.l2o.problems.data;

import java.nio.ByteBuffer;
import us.hebi.matlab.mat.format.BufferAllocator;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.util.Unsafe9R;

/**
 * The MAT-file library's buffer allocator with a bound: a buffer larger than the file's bytes could ever
 * inflate to is refused. The library allocates what each element's tag declares, so a corrupted size made a
 * 200-byte file reserve up to 2 GiB of direct memory (seconds of stall, or an OutOfMemoryError). Otherwise it
 * allocates like the library's default: heap buffers up to 4 KiB, direct ones above, in native byte order.
 */
final class BoundedMatAllocator implements BufferAllocator {
  /** Deflate compresses at most about 1032:1, so no element inflates to more than this many bytes per file byte. */
  private static final long MAX_INFLATE_RATIO = 1032;
  private static final int HEAP_LIMIT = 4096;

  private final long fileSize;
  private final long limit;

  BoundedMatAllocator(long fileSize) {
    this.fileSize = fileSize;
    this.limit = MAX_INFLATE_RATIO * fileSize + HEAP_LIMIT;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if {@code numBytes} is negative or more than the file can hold
   */
  @Override
  public ByteBuffer allocate(int numBytes) {
    if (numBytes < 0 || numBytes > limit) {
      throw new IllegalArgumentException("an element declares " + numBytes + " bytes, more than the "
          + fileSize + " bytes of the file can hold (corrupted size field)");
    }
    ByteBuffer buffer = numBytes <= HEAP_LIMIT ? ByteBuffer.allocate(numBytes) : ByteBuffer.allocateDirect(numBytes);
    return buffer.order(Mat5.DEFAULT_ORDER);
  }

  @Override
  public void release(ByteBuffer buffer) {
    if (buffer.isDirect()) {
      Unsafe9R.invokeCleaner(buffer); // direct memory is freed now, not when the GC gets to the buffer
    }
  }
}
