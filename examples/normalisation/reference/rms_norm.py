"""Reference for `rms_norm`: `torch.nn.functional.rms_norm` over the last axis, in NumPy."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(x: np.ndarray, weight: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """x divided by the root of its mean square (plus eps), times the gain."""
    return weight * x / np.sqrt((x**2).mean(axis=-1, keepdims=True) + eps)


def oracle(x: np.ndarray, weight: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """`torch.nn.functional.rms_norm` in float64 (PyTorch 2.4 or later)."""
    import torch

    out = torch.nn.functional.rms_norm(
        torch.from_numpy(x), (x.shape[-1],), torch.from_numpy(weight), eps=eps
    )
    return out.numpy().copy()


def edge_cases() -> list[Case]:
    """Fixed cases: an offset input, tiny inputs, one feature, tokens and zeros."""
    rng = np.random.default_rng(33)
    weight = rng.uniform(0.5, 2.0, size=8)
    return [
        Case(
            "inputs with a large common offset (mean 5): RMSNorm does not re-centre",
            (rng.normal(loc=5.0, size=(4, 8)), weight),
        ),
        Case(
            "tiny inputs (rms 1e-4, mean square below eps): eps goes under the root",
            (1e-4 * rng.normal(size=(3, 8)), weight),
        ),
        Case(
            "D = 1: each value is divided by its own magnitude",
            (rng.normal(size=(5, 1)), np.array([1.5])),
        ),
        Case(
            "a (B, T, D) = (2, 3, 8) batch of tokens",
            (rng.normal(scale=2.0, size=(2, 3, 8)), weight),
        ),
        Case("an all-zero row gives zeros, not NaN", (np.zeros((2, 8)), weight)),
        Case(
            "eps = 0.01, passed by keyword",
            (rng.normal(scale=0.2, size=(3, 8)), weight),
            {"eps": 0.01},
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """N up to 8 vectors of D in [2, 32] features, with random offsets and scales."""
    n = int(rng.integers(1, 9))
    d = int(rng.integers(2, 33))
    x = rng.normal(loc=float(rng.uniform(-3, 3)), scale=float(rng.uniform(0.2, 4)), size=(n, d))
    return Case(f"random #{index}: N={n}, D={d}", (x, rng.uniform(0.5, 2.0, size=d)))
