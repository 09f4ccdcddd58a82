"""Reference for `label_smoothed_cross_entropy`: cross-entropy against the smoothed target
(1 - eps) one-hot + eps / K (the eps / K on all K classes, the true one included), averaged over
the rows whose target is not `ignore_index`, as F.cross_entropy(label_smoothing=eps) does."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def _check(epsilon: float, keep: np.ndarray) -> None:
    if not 0.0 <= epsilon <= 1.0:
        raise ValueError(f"epsilon must be in [0, 1], got {epsilon}")
    if not keep.any():
        raise ValueError("every target is ignore_index: the mean over no rows is undefined")


def reference(
    logits: np.ndarray, targets: np.ndarray, epsilon: float, ignore_index: int = -100
) -> float:
    """mean over kept rows of (1 - eps) * (-log p_y) + eps * mean_k(-log p_k)."""
    keep = targets != ignore_index
    _check(epsilon, keep)
    z = logits[keep]
    y = targets[keep]
    shifted = z - z.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    nll = -log_probs[np.arange(len(y)), y]
    uniform = -log_probs.mean(axis=1)  # sum_k (1/K)(-log p_k): eps/K on every class
    return float(np.mean((1.0 - epsilon) * nll + epsilon * uniform))


def oracle(
    logits: np.ndarray, targets: np.ndarray, epsilon: float, ignore_index: int = -100
) -> float:
    """torch.nn.functional.cross_entropy(label_smoothing=epsilon, ignore_index=ignore_index)."""
    import torch
    import torch.nn.functional as F

    _check(epsilon, targets != ignore_index)
    return float(
        F.cross_entropy(
            torch.from_numpy(logits),
            torch.from_numpy(targets),
            label_smoothing=epsilon,
            ignore_index=ignore_index,
        )
    )


def _case(
    name: str,
    logits: list[list[float]] | np.ndarray,
    targets: list[int],
    epsilon: float,
    ignore_index: int = -100,
    raises: str | None = None,
) -> Case:
    return Case(
        name,
        (
            np.array(logits, dtype=np.float64),
            np.array(targets, dtype=np.int64),
            epsilon,
            ignore_index,
        ),
        raises=raises,
    )


def edge_cases() -> list[Case]:
    """epsilon 0 and 1, K = 2, ignored rows (-100, a class index, -1), all ignored, bad
    epsilon, logits of +-1000."""
    rng = np.random.default_rng(13)
    return [
        _case(
            "epsilon = 0: plain cross-entropy",
            [[2.0, 0.0, -1.0], [0.5, 1.5, 0.0]],
            [0, 2],
            0.0,
        ),
        _case(
            "K = 2, epsilon = 0.2: the target is (0.9, 0.1), eps/K on BOTH classes "
            "(not 0.8 and eps/(K-1) = 0.2)",
            [[3.0, 0.0], [0.0, 1.0], [-1.0, 2.0]],
            [0, 1, 0],
            0.2,
        ),
        _case(
            "epsilon = 1: the target is uniform (1/K each), the labels do not matter",
            [[1.0, 2.0, 3.0, 4.0], [0.0, -2.0, 0.5, 1.0]],
            [3, 0],
            1.0,
        ),
        _case(
            "confident and right (logit gap 12): with epsilon = 0.1 the loss stays well above 0",
            [[12.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 12.0, 0.0, 0.0]],
            [0, 2],
            0.1,
        ),
        _case(
            "rows with target -100 (the default ignore_index) are left out of the sum AND of "
            "the count",
            [[2.0, 0.5, -1.0], [0.0, 3.0, 1.0], [1.0, 1.0, 4.0], [-2.0, 0.0, 2.0]],
            [0, -100, 2, -100],
            0.3,
        ),
        _case(
            "ignore_index = 0 is a class index: rows labelled 0 are ignored, yet class 0 still "
            "gets eps/K in the other rows",
            [[2.0, 0.5, -1.0], [0.0, 3.0, 1.0], [1.0, 1.0, 4.0], [3.0, 0.0, 2.0]],
            [0, 1, 2, 0],
            0.25,
            0,
        ),
        _case(
            "ignore_index = -1: rows labelled -1 are ignored (do not index the last class)",
            [[0.5, -1.0, 2.0, 0.0], [1.0, 2.0, 0.0, -1.0], [0.0, 0.0, 3.0, 1.0]],
            [-1, 1, -1],
            0.1,
            -1,
        ),
        _case(
            "every target is ignore_index: raise ValueError (PyTorch returns nan, 0/0)",
            [[1.0, 0.0], [0.0, 2.0]],
            [-100, -100],
            0.1,
            raises="ValueError",
        ),
        _case(
            "epsilon = 1.5 is not a smoothing: raise ValueError",
            [[1.0, 0.0, 2.0]],
            [2],
            1.5,
            raises="ValueError",
        ),
        _case(
            "epsilon = -0.1 is not a smoothing: raise ValueError",
            [[1.0, 0.0, 2.0], [0.0, 1.0, 0.0]],
            [2, 1],
            -0.1,
            raises="ValueError",
        ),
        _case(
            "logits of +-1000: use a log-softmax (logsumexp), exp(1000) overflows",
            [[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 999.0]],
            [0, 2],
            0.1,
        ),
        Case(
            "eight rows, ten classes, two ignored, epsilon = 0.1",
            (
                rng.normal(scale=2.0, size=(8, 10)),
                np.array([3, -100, 0, 9, 9, 5, -100, 1], dtype=np.int64),
                0.1,
                -100,
            ),
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random logits, epsilon in [0, 0.5], an ignore_index of -100, -1 or a class, about a
    quarter of the rows ignored (never all)."""
    n, num_classes = int(rng.integers(1, 13)), int(rng.integers(2, 11))
    logits = rng.normal(scale=3.0, size=(n, num_classes))
    targets = rng.integers(0, num_classes, size=n)
    ignore_index = [-100, -1, int(rng.integers(0, num_classes))][index % 3]
    if ignore_index < 0:
        targets = np.where(rng.random(n) < 0.25, ignore_index, targets)
    if (targets == ignore_index).all():
        targets[0] = (ignore_index + 1) % num_classes
    epsilon = float(np.round(rng.uniform(0.0, 0.5), 3))
    name = (
        f"random #{index}: N={n}, K={num_classes}, epsilon={epsilon}, ignore_index={ignore_index}"
    )
    return Case(name, (logits, targets.astype(np.int64), epsilon, ignore_index))
