"""Reference for `topk_predictions`: the k highest scores per row and their classes, ties broken
by the lower class index (a stable descending sort)."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(logits: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Stable descending argsort of each row, cut to k; ValueError unless 1 <= k <= K."""
    num_classes = logits.shape[1]
    if not 1 <= k <= num_classes:
        raise ValueError(f"k must be between 1 and {num_classes}, got {k}")
    indices = np.argsort(-logits, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(logits, indices, axis=1), indices


def oracle(logits: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """torch.sort(descending=True, stable=True) cut to k. (torch.topk does not promise an
    order for tied values, so it cannot be the oracle of a tie rule.)"""
    import torch

    if not 1 <= k <= logits.shape[1]:
        raise ValueError(f"k must be between 1 and {logits.shape[1]}, got {k}")
    values, indices = torch.sort(torch.from_numpy(logits), dim=1, descending=True, stable=True)
    return values[:, :k].numpy(), indices[:, :k].numpy()


def _case(name: str, logits: list[list[float]], k: int, raises: str | None = None) -> Case:
    return Case(name, (np.array(logits, dtype=np.float64), k), raises=raises)


def edge_cases() -> list[Case]:
    """Fixed cases: ties, ties across the cut, k = 1 and k = K, -inf, bad k."""
    rng = np.random.default_rng(4)
    inf = float("inf")
    return [
        _case(
            "a tie across the cut, k=2 of [2, 5, 5, 5]: keep the lowest indices (1, 2)",
            [[2.0, 5.0, 5.0, 5.0], [5.0, 5.0, 2.0, 5.0]],
            2,
        ),
        _case(
            "three tied maxima, k=3: equal logits come in order of class index (1, 2, 4)",
            [[1.0, 3.0, 3.0, 2.0, 3.0]],
            3,
        ),
        _case(
            "a row of equal logits: the top 3 are classes 0, 1, 2",
            [[0.5] * 8, [-1.0] * 8],
            3,
        ),
        _case("k=0 is not allowed: raise ValueError", [[1.0, 2.0, 3.0]], 0, raises="ValueError"),
        _case(
            "negative k=-1 is not allowed: raise ValueError",
            [[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]],
            -1,
            raises="ValueError",
        ),
        _case(
            "masked classes (-inf) come last, tied -inf by index",
            [[-1.0, -inf, -3.0, -inf, -0.5]],
            5,
        ),
        _case(
            "k=K: a full descending sort, ties by index",
            [[0.0, 1.0, 0.0, 2.0, 1.0, -1.0]],
            6,
        ),
        _case(
            "k larger than the number of classes: raise ValueError",
            [[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]],
            4,
            raises="ValueError",
        ),
        _case(
            "k=1: the argmax (the first one among equals), still shape (N, 1)",
            [[0.2, 0.9, 0.9], [4.0, -1.0, 4.0], [-2.0, -1.0, -3.0]],
            1,
        ),
        _case(
            "distinct logits, k=2: the two largest, largest first",
            [[0.1, 2.5, -1.0, 0.7], [3.0, -2.0, 1.0, 2.0], [-0.5, -0.25, -3.0, -0.75]],
            2,
        ),
        _case(
            "ascending logits: the best class is the last one",
            [[-2.0, -1.0, 0.0, 1.0, 2.0, 3.0], [10.0, 20.0, 30.0, 40.0, 50.0, 60.0]],
            4,
        ),
        Case(
            "more samples than classes (N=6, K=3), k=2",
            (rng.normal(size=(6, 3)), 2),
        ),
        Case(
            "one sample, many classes (N=1, K=20), k=5",
            (rng.normal(size=(1, 20)), 5),
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random logits; every other case is rounded to halves so that ties are common."""
    n, num_classes = int(rng.integers(1, 13)), int(rng.integers(2, 21))
    logits = rng.normal(scale=2.0, size=(n, num_classes))
    if index % 2:
        logits = np.round(logits * 2.0) / 2.0
    k = int(rng.integers(1, num_classes + 1))
    kind = "with ties" if index % 2 else "continuous"
    return Case(f"random logits #{index} ({kind}, N={n}, K={num_classes}, k={k})", (logits, k))
