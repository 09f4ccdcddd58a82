"""Reference for `balanced_cross_entropy`: "balanced" class weights from the training set's class
counts, and the weighted mean cross-entropy of a batch, normalised as torch does it."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def _check(logits: np.ndarray, labels: np.ndarray, class_counts: np.ndarray) -> None:
    num_classes = logits.shape[1]
    if class_counts.shape != (num_classes,):
        raise ValueError(f"class_counts has shape {class_counts.shape}, expected ({num_classes},)")
    if (class_counts[labels] == 0).any():
        raise ValueError("a label of the batch has no training examples (count 0)")


def class_weights(class_counts: np.ndarray) -> np.ndarray:
    """w_k = M / (K n_k), M = sum of the counts; 0 for a class with no examples."""
    counts = class_counts.astype(np.float64)
    total, num_classes = counts.sum(), len(counts)
    safe = np.where(counts > 0, counts, 1.0)
    return np.where(counts > 0, total / (num_classes * safe), 0.0)


def reference(
    logits: np.ndarray, labels: np.ndarray, class_counts: np.ndarray
) -> tuple[np.ndarray, float]:
    """(weights (K,), sum_i w[y_i] CE_i / sum_i w[y_i])."""
    _check(logits, labels, class_counts)
    weights = class_weights(class_counts)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    per_sample = -log_probs[np.arange(len(labels)), labels]
    sample_weights = weights[labels]
    return weights, float((sample_weights * per_sample).sum() / sample_weights.sum())


def oracle(
    logits: np.ndarray, labels: np.ndarray, class_counts: np.ndarray
) -> tuple[np.ndarray, float]:
    """Weights with torch ops, loss with F.cross_entropy(weight=...)."""
    import torch
    import torch.nn.functional as F

    _check(logits, labels, class_counts)
    counts = torch.from_numpy(class_counts).double()
    weights = torch.where(
        counts > 0, counts.sum() / (len(counts) * counts.clamp(min=1)), torch.zeros_like(counts)
    )
    loss = F.cross_entropy(torch.from_numpy(logits), torch.from_numpy(labels), weight=weights)
    return weights.numpy(), float(loss)


def _case(
    name: str,
    logits: list[list[float]],
    labels: list[int],
    counts: list[int],
    raises: str | None = None,
) -> Case:
    return Case(
        name,
        (
            np.array(logits, dtype=np.float64),
            np.array(labels, dtype=np.int64),
            np.array(counts, dtype=np.int64),
        ),
        raises=raises,
    )


def edge_cases() -> list[Case]:
    """Balanced and imbalanced counts, a class with no examples, overflow, the stated raises."""
    rng = np.random.default_rng(5)
    return [
        _case(
            "balanced counts (5, 5): weights 1, the loss is the plain mean",
            [[0.0, 1.0], [1.0, 0.0]],
            [0, 0],
            [5, 5],
        ),
        _case(
            "class_counts has 2 entries but the logits have 3 classes: raise ValueError",
            [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]],
            [0, 1],
            [5, 5],
            raises="ValueError",
        ),
        _case(
            "label 1 has count 0 in class_counts (6, 0, 2): raise ValueError",
            [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]],
            [0, 1],
            [6, 0, 2],
            raises="ValueError",
        ),
        _case(
            "one sample: its weight cancels, the loss is its own cross-entropy",
            [[2.0, 0.0, -1.0]],
            [1],
            [1, 8, 1],
        ),
        _case(
            "counts (90, 10): weights 100/180 and 100/20; divide by 3*0.556 + 5, not by N = 4",
            [[2.0, 0.0], [1.0, 1.0], [0.5, -0.5], [1.0, 2.0]],
            [0, 0, 0, 1],
            [90, 10],
        ),
        _case(
            "a class with no examples, counts (6, 0, 2): its weight is 0 (K stays 3)",
            [[1.0, 0.0, -1.0], [0.0, 0.5, 2.0], [0.25, 0.0, 0.0]],
            [0, 2, 2],
            [6, 0, 2],
        ),
        _case(
            "logits of +-1000: shift each row by its max before exp",
            [[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 999.0]],
            [2, 1],
            [3, 1, 12],
        ),
        _case(
            "every sample of the rare class: weighted mean = plain mean",
            [[0.3, -0.2, 1.0], [1.5, 2.5, 0.0], [-1.0, 0.0, 0.5]],
            [1, 1, 1],
            [50, 2, 30],
        ),
        Case(
            "7 samples, 4 classes, counts (1000, 100, 10, 1)",
            (
                rng.normal(scale=2.0, size=(7, 4)),
                np.array([0, 0, 0, 1, 2, 3, 0], dtype=np.int64),
                np.array([1000, 100, 10, 1], dtype=np.int64),
            ),
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Skewed counts (some classes empty every third case), labels drawn from the counts."""
    num_classes = int(rng.integers(2, 8))
    counts = rng.geometric(0.05, size=num_classes) * rng.integers(1, 20, size=num_classes)
    if index % 3 == 2:
        counts[rng.integers(0, num_classes)] = 0
        if counts.sum() == 0:
            counts[0] = 1
    n = int(rng.integers(1, 17))
    labels = rng.choice(num_classes, size=n, p=counts / counts.sum()).astype(np.int64)
    scale = float(rng.choice([0.5, 2.0, 10.0, 500.0]))
    logits = scale * rng.normal(size=(n, num_classes))
    name = (
        f"random #{index}: N={n}, K={num_classes}, counts {counts.tolist()}, "
        f"logits ~ {scale:g} * N(0, 1)"
    )
    return Case(name, (logits, labels, counts.astype(np.int64)))
