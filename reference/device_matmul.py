"""Reference for `device_matmul`: a matrix product that keeps its inputs' dtype (and, in
PyTorch, device).

Only data crosses the sandbox, so the grader cannot see where a tensor lived. What it can see
is the precision a device mistake leaves behind: a float64 problem solved in float32 (the
default dtype of torch.Tensor(...), torch.zeros(...), .float()) or in float16 loses digits,
overflows past 3.4e38 (or 65504), and a float32 problem solved in float64 comes back more
precise than float32 can be.
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b, computed in the inputs' own dtype."""
    product = np.matmul(a, b)
    assert product.dtype == a.dtype  # float64 stays float64, float32 stays float32
    return product


def oracle(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """torch.matmul on tensors of the inputs' dtype, on the CPU."""
    import torch

    return torch.matmul(torch.from_numpy(a), torch.from_numpy(b)).numpy()


def edge_cases() -> list[Case]:
    """Cases where the dtype of the computation shows in the values."""
    third = np.array([[1.0 / 3.0, np.pi], [np.e, -1.0 / 7.0], [0.1, 0.2]])
    return [
        Case(
            "inner dimension K=0: an (N, M) block of zeros (an unfilled empty buffer is not)",
            (np.zeros((2, 0)), np.zeros((0, 3))),
        ),
        Case(
            "cancellation: (1 + 1e-9) - 1 is 1e-9 in float64 and 0 in float32",
            (np.array([[1.0 + 1e-9, 1.0], [2.0, 2.0 + 1e-9]]), np.array([[1.0], [-1.0]])),
        ),
        Case(
            "values of 1e200 and 1e-100: fine in float64, inf and 0 (then NaN) in float32",
            (np.array([[1e200, 2e200]]), np.array([[1e-100, 0.0], [0.0, 3e-100]])),
        ),
        Case(
            "values up to 1e5: a float16 computation overflows past 65504",
            (np.array([[1.0e5, -2.5e4, 3.0]]), np.array([[2.0], [1.0], [1.0e4]])),
        ),
        Case(
            "a single row times a single column (1x4 @ 4x1 -> 1x1)",
            (np.array([[0.5, -1.25, 2.0, 0.375]]), np.array([[2.0], [0.5], [0.75], [3.0]])),
        ),
        Case(
            "float32 inputs (outer product, K=1): the result must be float32 too, not float64",
            (
                np.array([[1.0 / 3.0], [np.pi], [0.1]], dtype=np.float32),
                np.array([[1.0 / 7.0, np.e, 0.3, -1.1]], dtype=np.float32),
            ),
        ),
        Case(
            "float64 values with more digits than float32 keeps (1/3, pi, e, 0.1): keep float64",
            (third, np.array([[1.0, -2.0, 0.5], [np.sqrt(2.0), 1.0 / 3.0, 3.0]])),
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random float64 matrices of 24-bit values times a power of two, so every product and sum
    is exact in float64 (any summation order gives the same answer) but not in float32; one
    case in five is scaled by 2**100 or 2**-100, past float32's range once multiplied."""
    n, k, m = (int(v) for v in rng.integers(1, 17, size=3))
    exponent = int(rng.choice([-20, -20, -20, -120, 80]))
    a = np.ldexp(rng.integers(-(2**23), 2**23, size=(n, k)).astype(np.float64), exponent)
    b = np.ldexp(rng.integers(-(2**23), 2**23, size=(k, m)).astype(np.float64), exponent)
    return Case(
        f"random #{index}: ({n}, {k}) @ ({k}, {m}), values up to 2**{exponent + 23}", (a, b)
    )
