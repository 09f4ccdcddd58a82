"""Reference for `cross_entropy`: mean softmax cross-entropy of logits against class indices."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(logits: np.ndarray, targets: np.ndarray) -> float:
    """mean_i [log sum_j exp(z_ij) - z_i,y_i], with the log-sum-exp shifted by each row's max."""
    row_max = logits.max(axis=1, keepdims=True)
    log_sum_exp = row_max[:, 0] + np.log(np.exp(logits - row_max).sum(axis=1))
    target_logits = logits[np.arange(len(targets)), targets]
    return float(np.mean(log_sum_exp - target_logits))


def oracle(logits: np.ndarray, targets: np.ndarray) -> float:
    """torch.nn.functional.cross_entropy with its default mean reduction."""
    import torch
    import torch.nn.functional as F

    return float(F.cross_entropy(torch.from_numpy(logits), torch.from_numpy(targets)))


def _case(name: str, logits: list[list[float]], targets: list[int]) -> Case:
    return Case(name, (np.array(logits, dtype=np.float64), np.array(targets, dtype=np.int64)))


def edge_cases() -> list[Case]:
    """Fixed cases: huge logits, confident mistakes, uniform logits, odd shapes."""
    rng = np.random.default_rng(22)
    return [
        _case("uniform logits: loss = log K (here log 10)", [[0.0] * 10] * 3, [9, 4, 0]),
        _case("batch of one", [[0.5, -1.25, 2.0, 0.25]], [3]),
        _case(
            "logits of +-1000 (needs the log-sum-exp trick)",
            [[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 500.0]],
            [0, 1],
        ),
        _case(
            "rows on very different scales: shift each row by its own max, not the global one",
            [[1000.0, 998.0, 995.0], [-1000.0, -1001.0, -1005.0]],
            [1, 0],
        ),
        _case(
            "confidently wrong at +-1000: loss about 2000, large but finite",
            [[1000.0, -1000.0], [-1000.0, 1000.0]],
            [1, 0],
        ),
        _case(
            "confidently wrong by 40 and 23 logits: loss 31.5 (clipping probabilities caps it)",
            [[20.0, -20.0, 0.0], [0.0, 3.0, -20.0]],
            [1, 2],
        ),
        _case("every logit 800 (overflows exp): loss = log K", [[800.0] * 4, [800.0] * 4], [2, 0]),
        _case(
            "every logit -1000 (underflows exp to 0/0): loss = log K",
            [[-1000.0] * 3] * 3,
            [0, 1, 2],
        ),
        _case(
            "two classes (K=2)", [[0.3, -0.2], [1.5, 2.5], [-1.0, 0.0], [2.0, 2.0]], [0, 1, 0, 1]
        ),
        Case(
            "more samples than classes (N=7, K=3)",
            (rng.normal(size=(7, 3)), np.array([0, 1, 2, 2, 1, 0, 1], dtype=np.int64)),
        ),
        Case(
            "more classes than samples (N=2, K=9)",
            (3.0 * rng.normal(size=(2, 9)), np.array([8, 3], dtype=np.int64)),
        ),
        Case(
            "square logits (N=K=4): the softmax axis still matters",
            (rng.normal(size=(4, 4)), np.array([3, 0, 2, 1], dtype=np.int64)),
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random shapes, with logit scales from gentle (0.1) to overflowing (1000)."""
    n = int(rng.integers(1, 17))
    k = int(rng.integers(2, 11))
    scale = float(rng.choice([0.1, 1.0, 5.0, 50.0, 1000.0]))
    shift = float(rng.choice([0.0, 0.0, 100.0, -800.0]))
    logits = shift + scale * rng.normal(size=(n, k))
    targets = rng.integers(0, k, size=n).astype(np.int64)
    name = f"random #{index}: N={n}, K={k}, logits ~ {shift:g} + {scale:g} * N(0, 1)"
    return Case(name, (logits, targets))
