"""Reference for `mcculloch_pitts`: a threshold unit with fixed weights (McCulloch and Pitts,
1943, in the common form with excitatory (+) and inhibitory (-) weights).

fires(x) = 1 if w . x >= threshold else 0, for every row x of a batch of binary inputs.
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(inputs: np.ndarray, weights: np.ndarray, threshold: float) -> np.ndarray:
    """One weighted sum per sample, then a hard threshold that counts `>=` as firing."""
    weighted_sums = inputs @ weights  # (N, D) @ (D,) -> (N,)
    return (weighted_sums >= threshold).astype(np.int64)


def oracle(inputs: np.ndarray, weights: np.ndarray, threshold: float) -> np.ndarray:
    """The same unit in PyTorch: Heaviside step of (w . x - threshold), with step(0) = 1."""
    import torch

    x = torch.from_numpy(np.asarray(inputs, dtype=np.float64))
    w = torch.from_numpy(np.asarray(weights, dtype=np.float64))
    at_zero = torch.tensor(1.0, dtype=torch.float64)
    return torch.heaviside(x @ w - threshold, at_zero).to(torch.int64).numpy()


TRUTH_TABLE_2 = [[0, 0], [0, 1], [1, 0], [1, 1]]


def _case(name: str, inputs: list[list[int]], weights: list[float], threshold: float) -> Case:
    return Case(
        name,
        (np.array(inputs, dtype=np.float64), np.array(weights, dtype=np.float64), threshold),
    )


def edge_cases() -> list[Case]:
    """Logic gates (where >= matters), inhibitory weights, a zero or negative threshold."""
    return [
        _case("OR gate: weights (1, 1), threshold 1", TRUTH_TABLE_2, [1, 1], 1),
        _case("one sample, one input (N=1, D=1)", [[1]], [0.75], 0.5),
        _case(
            "NOT gate: one inhibitory weight -1, threshold 0 (fires when the input is off)",
            [[0], [1]],
            [-1],
            0,
        ),
        _case(
            "AND gate: weights (1, 1), threshold 2 (fires only on 1,1)", TRUTH_TABLE_2, [1, 1], 2
        ),
        _case(
            "NAND: both weights inhibitory (-1, -1), negative threshold -1",
            TRUTH_TABLE_2,
            [-1, -1],
            -1,
        ),
        _case(
            "an active inhibitory input (weight -2) vetoes two excitatory ones",
            [[1, 1, 0], [1, 1, 1], [1, 0, 0], [0, 0, 1]],
            [1, 1, -2],
            1,
        ),
        _case(
            "weighted sum exactly at the threshold fires (>=, not >)",
            [[1, 0, 1], [1, 1, 1], [0, 1, 0]],
            [0.5, 1.5, 1.0],
            1.5,
        ),
        _case(
            "unequal weights: which inputs are on matters, not how many",
            [[1, 0, 0], [0, 1, 1], [0, 0, 1], [1, 1, 0]],
            [3, 1, 1],
            2.5,
        ),
        _case(
            "all inputs off with threshold 0: the sum 0 reaches the threshold, so it fires",
            [[0, 0, 0, 0]],
            [2, -1, 0.5, 3],
            0,
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random binary inputs with small integer (or half-integer) weights and thresholds, so
    sums land exactly on the threshold often and the sums are exact in any float type."""
    n = int(rng.integers(1, 13))
    d = int(rng.integers(1, 7))
    inputs = rng.integers(0, 2, size=(n, d)).astype(np.float64)
    weights = rng.integers(-3, 4, size=d).astype(np.float64)
    if rng.random() < 0.5:
        weights = weights / 2.0
    threshold = float(rng.integers(-2, 5)) / float(rng.choice([1, 2]))
    return Case(
        f"random #{index}: {n} samples, {d} inputs, threshold {threshold:g}",
        (inputs, weights, threshold),
    )
