"""Reference for `polynomial_features`: the hand-designed feature map of classical machine
learning, every monomial of degree <= d, in scikit-learn's PolynomialFeatures order."""

from __future__ import annotations

import itertools
import math

import numpy as np

from quizprep.grading.cases import Case


def reference(X: np.ndarray, degree: int) -> np.ndarray:
    """Columns by degree k = 0, 1, ..., degree; within a degree, the index tuples
    i1 <= i2 <= ... <= ik in itertools.combinations_with_replacement order."""
    if degree < 0:
        raise ValueError(f"degree must be at least 0, got {degree}")
    n, d = X.shape
    columns = [
        np.prod(X[:, list(combo)], axis=1) if combo else np.ones(n)
        for k in range(degree + 1)
        for combo in itertools.combinations_with_replacement(range(d), k)
    ]
    out = np.stack(columns, axis=1).astype(np.float64)
    assert out.shape[1] == math.comb(d + degree, degree)
    return out


def oracle(X: np.ndarray, degree: int) -> np.ndarray:
    """torch.combinations(with_replacement=True) gives the index tuples of each degree; a
    gather and a product along the last axis give the monomials."""
    import torch

    if degree < 0:
        raise ValueError(f"degree must be at least 0, got {degree}")
    x = torch.from_numpy(X)
    blocks = [torch.ones(x.shape[0], 1, dtype=x.dtype)]
    for k in range(1, degree + 1):
        combos = torch.combinations(torch.arange(x.shape[1]), r=k, with_replacement=True)
        combos = combos.reshape(-1, k)  # one feature: combinations returns a flat tensor
        blocks.append(x[:, combos].prod(dim=2))
    return torch.cat(blocks, dim=1).numpy()


def _case(name: str, X: list[list[float]] | np.ndarray, degree: int, raises: str | None = None):
    return Case(name, (np.asarray(X, dtype=np.float64), degree), raises=raises)


def edge_cases() -> list[Case]:
    """Fixed cases: degree 0 and 1, the D = 2, degree 2 example, squares and cross terms, one
    feature (the Vandermonde matrix), degree above D, and negative degrees."""
    rng = np.random.default_rng(3)
    return [
        _case("degree 0: only the constant column of ones", [[2.0, 3.0], [5.0, 7.0]], 0),
        _case(
            "degree 1: [1, x0, x1, x2], the bias column then the inputs",
            [[2.0, 3.0, 5.0], [-1.0, 0.5, 4.0]],
            1,
        ),
        _case(
            "D = 2, degree 2, x = (2, 3): [1, 2, 3, 4, 6, 9] = [1, x0, x1, x0², x0·x1, x1²]",
            [[2.0, 3.0]],
            2,
        ),
        _case(
            "degree -1: raise ValueError",
            [[1.0, 2.0], [3.0, 4.0]],
            -1,
            raises="ValueError",
        ),
        _case("degree -3: raise ValueError", [[1.0, 2.0, 3.0]], -3, raises="ValueError"),
        _case(
            "D = 3, degree 2: 10 columns, squares and every cross term once",
            [[2.0, 3.0, 5.0], [1.0, -1.0, 0.5]],
            2,
        ),
        _case(
            "one feature, degree 4: [1, x, x², x³, x⁴] (increasing powers)",
            [[2.0], [-1.5], [0.5]],
            4,
        ),
        _case(
            "degree 3 with D = 2 (degree above D): [1, x0, x1, x0², x0x1, x1², x0³, x0²x1, ...]",
            [[2.0, 3.0], [-1.0, 0.5]],
            3,
        ),
        _case("D = 4, degree 3: 35 columns", rng.normal(size=(5, 4)), 3),
        _case("a batch of 6 samples, D = 5, degree 2: 21 columns", rng.normal(size=(6, 5)), 2),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """N from 1 to 8, D from 1 to 5, degree from 0 to 4 (at most 126 columns)."""
    n, d = int(rng.integers(1, 9)), int(rng.integers(1, 6))
    degree = int(rng.integers(0, 5))
    X = rng.normal(size=(n, d))
    width = math.comb(d + degree, degree)
    return Case(f"random #{index}: N={n}, D={d}, degree {degree} ({width} columns)", (X, degree))
