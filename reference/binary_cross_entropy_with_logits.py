"""Reference for `binary_cross_entropy_with_logits`: the mean logistic loss, computed stably."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(logits: np.ndarray, targets: np.ndarray) -> float:
    """mean of max(z, 0) - z*y + log(1 + exp(-|z|)): the exponent is never positive."""
    per_sample = np.maximum(logits, 0.0) - logits * targets + np.log1p(np.exp(-np.abs(logits)))
    return float(np.mean(per_sample))


def oracle(logits: np.ndarray, targets: np.ndarray) -> float:
    """torch.nn.functional.binary_cross_entropy_with_logits with its default mean reduction."""
    import torch
    import torch.nn.functional as F

    return float(
        F.binary_cross_entropy_with_logits(torch.from_numpy(logits), torch.from_numpy(targets))
    )


def _case(name: str, logits: list[float], targets: list[float]) -> Case:
    return Case(name, (np.array(logits, dtype=np.float64), np.array(targets, dtype=np.float64)))


def edge_cases() -> list[Case]:
    """Fixed cases: huge logits both ways, confident mistakes, soft targets, zero logits."""
    return [
        _case("a batch of one", [1.5], [1.0]),
        _case(
            "zero logits: loss log 2 whatever the targets",
            [0.0, 0.0, 0.0, 0.0],
            [0.0, 1.0, 0.3, 1.0],
        ),
        _case(
            "confidently wrong at +-1000: loss 1000, large but finite",
            [1000.0, -1000.0],
            [0.0, 1.0],
        ),
        _case(
            "confidently wrong by 30 and 25: loss about 27.5 (clipping probabilities caps it)",
            [30.0, -25.0],
            [0.0, 1.0],
        ),
        _case(
            "logits of +-1000, all right: loss 0 (exp(1000) overflows, sigmoid rounds to 0 or 1)",
            [1000.0, -1000.0, 1000.0],
            [1.0, 0.0, 1.0],
        ),
        _case(
            "logits of -800 and -1000 with target 0: log(1 + exp(-z)) overflows, use |z|",
            [-800.0, -1000.0, -50.0],
            [0.0, 0.0, 0.0],
        ),
        _case(
            "soft targets (0.3, 0.5, 0.9): the minimum is their entropy, not 0",
            [-0.8472978603872037, 0.0, 2.1972245773362196],
            [0.3, 0.5, 0.9],
        ),
        _case(
            "moderate logits and hard labels (a batch of 6)",
            [2.0, -1.0, 0.5, -3.0, 4.0, -0.25],
            [1.0, 0.0, 0.0, 1.0, 1.0, 0.0],
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random batch, logit scales from gentle to overflowing, hard or soft targets."""
    n = int(rng.integers(1, 33))
    scale = float(rng.choice([0.1, 1.0, 5.0, 50.0, 1000.0]))
    logits = scale * rng.normal(size=n)
    soft = bool(rng.random() < 0.3)
    targets = rng.random(size=n) if soft else rng.integers(0, 2, size=n).astype(np.float64)
    kind = "soft" if soft else "hard"
    name = f"random #{index}: N={n}, logits ~ {scale:g} * N(0, 1), {kind} targets"
    return Case(name, (logits, targets))
