"""Reference for `focal_loss`: the binary, alpha-balanced focal loss of Lin et al. (2017) from
logits, as torchvision.ops.sigmoid_focal_loss defines it, computed with log-sigmoids so that
logits of +-1000 stay finite."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case

REDUCTIONS = ("none", "mean", "sum")


def _softplus(x: np.ndarray) -> np.ndarray:
    """log(1 + exp(x)) without overflow."""
    return np.logaddexp(0.0, x)


def reference(
    logits: np.ndarray,
    targets: np.ndarray,
    alpha: float = 0.25,
    gamma: float = 2.0,
    reduction: str = "none",
) -> np.ndarray | float:
    """alpha_t (1 - p_t)^gamma BCE, elementwise, then reduced."""
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {REDUCTIONS}, got {reduction!r}")
    # -log p = softplus(-x), -log(1 - p) = softplus(x)
    bce = targets * _softplus(-logits) + (1.0 - targets) * _softplus(logits)
    p = np.exp(-_softplus(-logits))  # sigmoid(x)
    one_minus_p = np.exp(-_softplus(logits))  # sigmoid(-x), exact even where p rounds to 1
    one_minus_p_t = targets * one_minus_p + (1.0 - targets) * p
    alpha_t = alpha * targets + (1.0 - alpha) * (1.0 - targets)
    loss = alpha_t * one_minus_p_t**gamma * bce
    if reduction == "mean":
        return float(loss.mean())
    if reduction == "sum":
        return float(loss.sum())
    return loss


def oracle(
    logits: np.ndarray,
    targets: np.ndarray,
    alpha: float = 0.25,
    gamma: float = 2.0,
    reduction: str = "none",
) -> np.ndarray | float:
    """torchvision.ops.sigmoid_focal_loss, written out in torch (torchvision is not needed)."""
    import torch
    import torch.nn.functional as F

    inputs, t = torch.from_numpy(logits), torch.from_numpy(targets)
    p = torch.sigmoid(inputs)
    ce_loss = F.binary_cross_entropy_with_logits(inputs, t, reduction="none")
    p_t = p * t + (1 - p) * (1 - t)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        alpha_t = alpha * t + (1 - alpha) * (1 - t)
        loss = alpha_t * loss
    if reduction == "none":
        return loss.numpy()
    if reduction == "mean":
        return float(loss.mean())
    if reduction == "sum":
        return float(loss.sum())
    raise ValueError(f"Invalid Value for arg 'reduction': '{reduction}'")


def _case(
    name: str,
    logits: list[float] | list[list[float]] | np.ndarray,
    targets: list[float] | list[list[float]] | np.ndarray,
    alpha: float,
    gamma: float,
    reduction: str,
    raises: str | None = None,
) -> Case:
    return Case(
        name,
        (
            np.array(logits, dtype=np.float64),
            np.array(targets, dtype=np.float64),
            alpha,
            gamma,
            reduction,
        ),
        raises=raises,
    )


def edge_cases() -> list[Case]:
    """gamma = 0, logits 0, easy and hard examples of both classes, +-1000, 2-D inputs, the
    three reductions and an unknown one."""
    rng = np.random.default_rng(14)
    logits_2d = rng.normal(scale=2.0, size=(4, 3))
    targets_2d = np.array([[1, 0, 0], [0, 0, 0], [0, 1, 0], [0, 0, 1]], dtype=np.float64)
    return [
        _case(
            "logits 0: p = 0.5, each loss is alpha_t * 0.5**gamma * log 2",
            [0.0, 0.0],
            [1.0, 0.0],
            0.25,
            2.0,
            "none",
        ),
        _case(
            "gamma = 0: the alpha-weighted BCE (0.25 on positives, 0.75 on negatives)",
            [0.0, 1.0, -2.0, 3.0],
            [1.0, 0.0, 1.0, 0.0],
            0.25,
            0.0,
            "none",
        ),
        _case(
            "easy examples (p_t = sigmoid(4) for both classes) are down-weighted by "
            "(1 - p_t)**2, hard ones (logit -4 / +4 on the wrong side) barely",
            [4.0, -4.0, -4.0, 4.0],
            [1.0, 0.0, 1.0, 0.0],
            0.25,
            2.0,
            "none",
        ),
        _case(
            "only negatives, moderately confident: (1 - p_t) is p = sigmoid(x) for them",
            [-1.0, -0.5, 0.5, -3.0],
            [0.0, 0.0, 0.0, 0.0],
            0.25,
            2.0,
            "none",
        ),
        _case(
            "confidently wrong at +-1000: loss 1000 * alpha_t, finite (log-sigmoid, not "
            "log(sigmoid))",
            [1000.0, -1000.0],
            [0.0, 1.0],
            0.25,
            2.0,
            "none",
        ),
        _case(
            "confidently right at +-1000: loss 0",
            [1000.0, -1000.0, 800.0],
            [1.0, 0.0, 1.0],
            0.25,
            2.0,
            "sum",
        ),
        _case(
            "alpha = 0.9, gamma = 1: positives weighted 0.9, negatives 0.1",
            [0.5, -0.5, 2.0, -1.5],
            [1.0, 1.0, 0.0, 0.0],
            0.9,
            1.0,
            "none",
        ),
        _case(
            "reduction 'mean' over a (4, 3) grid: the mean over ALL 12 elements, not over the "
            "positives",
            logits_2d,
            targets_2d,
            0.25,
            2.0,
            "mean",
        ),
        _case(
            "reduction 'sum', (4, 3) logits, gamma = 0.5",
            logits_2d,
            targets_2d,
            0.25,
            0.5,
            "sum",
        ),
        _case(
            "reduction 'batchmean' is not one of none/mean/sum: raise ValueError",
            [0.5, -0.5],
            [1.0, 0.0],
            0.25,
            2.0,
            "batchmean",
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random 1-D or 2-D logits, about 20% positives, alpha and gamma drawn, every reduction."""
    shape = (
        (int(rng.integers(1, 13)),) if index % 2 else tuple(int(v) for v in rng.integers(1, 7, 2))
    )
    logits = rng.normal(scale=3.0, size=shape)
    targets = (rng.random(shape) < 0.2).astype(np.float64)
    alpha = 0.25 if index % 3 == 0 else float(np.round(rng.uniform(0.05, 0.95), 3))
    gamma = float([0.0, 0.5, 1.0, 2.0, 3.0, 5.0][int(rng.integers(0, 6))])
    reduction = REDUCTIONS[index % 3]
    name = f"random #{index}: shape {shape}, alpha={alpha}, gamma={gamma}, reduction={reduction!r}"
    return Case(name, (logits, targets, alpha, gamma, reduction))
