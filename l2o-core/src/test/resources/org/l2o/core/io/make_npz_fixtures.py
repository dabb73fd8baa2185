"""Regenerates the NumPy-written .npz fixtures read by NpzTest (run from this directory).

The Java test rebuilds the same arrays independently and compares them element by element,
so keep this script and NpzTest.numpyFixtureArrays() in step.
"""
import numpy as np

arrays = {
    "f4": np.arange(6, dtype=np.float32).reshape(2, 3) / np.float32(4) - np.float32(0.5),
    "f8": np.array([0.1, -2.5, np.nan, np.inf, -np.inf, 1e-300]),
    "i4": np.array(-7, dtype=np.int32),  # 0-d
    "i8": np.arange(6, dtype=np.int64).reshape(2, 1, 3) * 2**40 - 3,
    "b1": np.array([True, False, True]),
    "eval/_choices_conv_0/kernel:0": np.array([[1.0, 2.0]], dtype=np.float32),
    "fortran": np.asfortranarray(np.arange(6, dtype=np.float64).reshape(2, 3)),
    "big_endian": np.array([1.5, -2.0], dtype=">f4"),
    "empty": np.zeros((0, 3), dtype=np.float32),
}
np.savez("numpy_savez.npz", **arrays)
np.savez_compressed("numpy_savez_compressed.npz", **arrays)
