"""Reference for `roc_auc_and_average_precision`: ROC-AUC and average precision from scores,
with tied scores handled as scikit-learn does.

The thresholds are the distinct scores, from the highest down; at each one every sample with
a score >= the threshold is predicted positive, so tied samples enter together.

    ROC-AUC = trapezoidal area under (FPR, TPR), starting at (0, 0)
            = P(score of a random positive > score of a random negative)
              + 1/2 P(they are equal)                                  (Mann-Whitney U / PN)
    AP      = sum over thresholds of (R_n - R_{n-1}) * P_n, R_0 = 0     (no interpolation)

Both need at least one positive and one negative.
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """(roc_auc, average_precision) of real-valued scores against 0/1 labels."""
    positive = labels == 1
    num_pos = int(positive.sum())
    num_neg = len(labels) - num_pos
    if num_pos == 0 or num_neg == 0:
        raise ValueError("ROC-AUC and AP need at least one positive and one negative label")
    order = np.argsort(-scores, kind="stable")
    sorted_scores, hits = scores[order], positive[order]
    group_end = np.r_[sorted_scores[1:] != sorted_scores[:-1], True]  # last of each tie group
    tp = np.cumsum(hits)[group_end]
    fp = np.cumsum(~hits)[group_end]
    tpr = np.r_[0.0, tp / num_pos]
    fpr = np.r_[0.0, fp / num_neg]
    roc_auc = np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2.0)
    precision = tp / (tp + fp)
    average_precision = np.sum(np.diff(tpr) * precision)
    return float(roc_auc), float(average_precision)


def oracle(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """PyTorch, another way: AUC from the matrix of all positive-negative comparisons, AP from
    the counts above every distinct threshold (no sort, no cumulative sums)."""
    import torch

    s, y = torch.from_numpy(scores), torch.from_numpy(labels) == 1
    if not bool(y.any()) or bool(y.all()):
        raise ValueError("need both classes")
    pos, neg = s[y], s[~y]
    wins = (pos[:, None] > neg[None, :]).double() + 0.5 * (pos[:, None] == neg[None, :]).double()
    roc_auc = wins.mean()
    thresholds = torch.unique(s).flip(0)  # distinct scores, highest first
    predicted = s[None, :] >= thresholds[:, None]  # (thresholds, samples)
    tp = (predicted & y[None, :]).sum(1).double()
    fp = (predicted & ~y[None, :]).sum(1).double()
    recall = tp / y.sum()
    previous = torch.cat([torch.zeros(1, dtype=torch.float64), recall[:-1]])
    average_precision = ((recall - previous) * tp / (tp + fp)).sum()
    return float(roc_auc), float(average_precision)


def _case(name: str, scores: list[float], labels: list[int], raises: str | None = None) -> Case:
    return Case(
        name,
        (np.array(scores, dtype=np.float64), np.array(labels, dtype=np.int64)),
        raises=raises,
    )


def edge_cases() -> list[Case]:
    """Fixed cases: perfect and inverted rankings, all scores tied, a positive tied with a
    negative, a non-monotone precision, heavy imbalance, one class only."""
    return [
        _case(
            "all four scores equal: AUC 0.5, AP = the prevalence 0.25",
            [0.5, 0.5, 0.5, 0.5],
            [1, 0, 0, 0],
        ),
        _case("perfect ranking: AUC 1, AP 1", [0.9, 0.8, 0.3, 0.1], [1, 1, 0, 0]),
        _case(
            "ranked worst: AUC 0, AP 5/12 (precision 1/3 and 1/2 at ranks 3 and 4)",
            [0.9, 0.8, 0.3, 0.1],
            [0, 0, 1, 1],
        ),
        _case(
            "a positive tied with a negative at 0.5: that pair counts 1/2; AUC 0.875, AP 5/6",
            [0.8, 0.5, 0.5, 0.2],
            [1, 1, 0, 0],
        ),
        _case(
            "the tied negative comes first: same AUC 0.875 and AP 5/6 (ties enter together)",
            [0.8, 0.5, 0.5, 0.2],
            [1, 0, 1, 0],
        ),
        _case(
            "ranking +, -, -, +, +: precisions 1, 1/2, 3/5 at the positives, AP 0.7",
            [5.0, 4.0, 3.0, 2.0, 1.0],
            [1, 0, 0, 1, 1],
        ),
        _case(
            "ranking +, -, +: AP = 1/2 * 1 + 1/2 * 2/3 = 5/6, a step sum, not a trapezoid",
            [3.0, 2.0, 1.0],
            [1, 0, 1],
        ),
        _case(
            "only positive labels: AUC is undefined, raise ValueError",
            [0.3, 0.7, 0.1],
            [1, 1, 1],
            raises="ValueError",
        ),
        _case(
            "only negative labels: AUC and AP are undefined, raise ValueError",
            [0.3, 0.7],
            [0, 0],
            raises="ValueError",
        ),
        _case(
            "imbalanced, logits with ties: 2 positives among 10",
            [2.0, -1.0, 0.5, 0.5, -1.0, 3.0, 0.5, -2.0, 1.0, -1.0],
            [0, 0, 1, 0, 0, 1, 0, 0, 0, 0],
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """2-30 samples with both classes; even indices have scores rounded to a few levels (many
    ties), odd ones continuous scores that separate the classes a little."""
    n = int(rng.integers(2, 31))
    labels = (rng.uniform(size=n) < rng.uniform(0.1, 0.9)).astype(np.int64)
    labels[rng.choice(n, size=2, replace=False)] = [0, 1]  # both classes present
    if index % 2 == 0:
        scores = np.round(rng.uniform(size=n) + 0.3 * labels, 1)
        kind = "rounded scores (ties)"
    else:
        scores = rng.normal(size=n) + labels
        kind = "continuous scores"
    return Case(
        f"random #{index}: {n} samples, {int(labels.sum())} positive, {kind}",
        (scores, labels),
    )
