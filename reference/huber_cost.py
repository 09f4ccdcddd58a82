"""Reference for `huber_cost`: the Huber cost of a batch of predictions and its gradient with
respect to the predictions, as torch.nn.functional.huber_loss and autograd give them.

    r = prediction - target
    loss(r) = r^2 / 2                  if |r| <= delta
              delta * (|r| - delta/2)  otherwise
    dloss/dr = r if |r| <= delta else delta * sign(r)  =  clip(r, -delta, delta)

(The two branches agree in value and slope at |r| = delta.) smooth_l1_loss(beta=delta) is this
divided by delta.
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case

REDUCTIONS = ("mean", "sum", "none")


def _check(delta: float, reduction: str) -> None:
    if not delta > 0:
        raise ValueError(f"delta must be positive, got {delta}")
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be 'mean', 'sum' or 'none', got {reduction!r}")


def reference(
    predictions: np.ndarray, targets: np.ndarray, delta: float, reduction: str
) -> tuple[np.ndarray | float, np.ndarray]:
    """(cost, d cost / d predictions); with reduction 'none' the per-element losses and the
    derivative of each element's loss with respect to its own prediction."""
    _check(delta, reduction)
    r = np.asarray(predictions, dtype=np.float64) - np.asarray(targets, dtype=np.float64)
    small = np.abs(r) <= delta
    losses = np.where(small, 0.5 * r**2, delta * (np.abs(r) - 0.5 * delta))
    slopes = np.clip(r, -delta, delta)
    if reduction == "none":
        return losses, slopes
    if reduction == "sum":
        return float(losses.sum()), slopes
    return float(losses.mean()), slopes / r.size


def oracle(
    predictions: np.ndarray, targets: np.ndarray, delta: float, reduction: str
) -> tuple[np.ndarray | float, np.ndarray]:
    """F.huber_loss, differentiated by autograd (the gradient of the sum for 'none')."""
    import torch
    import torch.nn.functional as F

    _check(delta, reduction)
    p = torch.tensor(predictions, dtype=torch.float64, requires_grad=True)
    t = torch.from_numpy(np.asarray(targets, dtype=np.float64))
    loss = F.huber_loss(p, t, reduction=reduction, delta=float(delta))
    (grad,) = torch.autograd.grad(loss.sum(), p)
    cost = loss.detach().numpy() if reduction == "none" else float(loss.item())
    return cost, grad.numpy()


def _case(
    name: str,
    predictions: list,
    targets: list,
    delta: float,
    reduction: str,
    raises: str | None = None,
) -> Case:
    p, t = np.array(predictions, dtype=np.float64), np.array(targets, dtype=np.float64)
    return Case(name, (p, t, delta, reduction), raises=raises)


def edge_cases() -> list[Case]:
    """Simplest first: the quadratic zone, the linear zone with delta != 1, the boundary, each
    reduction, a 2-D batch, and every stated raise."""
    rng = np.random.default_rng(14)
    return [
        _case(
            "all residuals inside the quadratic zone, delta=1, sum",
            [0.5, -0.5],
            [0.0, 0.0],
            1.0,
            "sum",
        ),
        _case(
            "residuals 4 and -4 with delta=2: the linear zone, loss 2*(4 - 1) = 6 each",
            [4.0, -4.0],
            [0.0, 0.0],
            2.0,
            "sum",
        ),
        _case(
            "residuals on both sides of delta=2, mean over 4 elements",
            [0.0, 1.0, 3.0, -5.0],
            [0.0, 0.0, 0.0, 0.0],
            2.0,
            "mean",
        ),
        _case(
            "reduction 'none': one loss and one slope per element, delta=0.5",
            [1.0, 0.25, -2.0, 0.0],
            [0.0, 0.0, 0.0, 0.5],
            0.5,
            "none",
        ),
        _case(
            "|r| exactly delta=1.5: either branch gives 1.125 each, slope +-1.5",
            [1.5, -1.5, 0.0],
            [0.0, 0.0, 0.0],
            1.5,
            "sum",
        ),
        _case(
            "a 2-D batch (3, 2), mean over all 6 elements (not over the 3 rows), delta=1",
            [[0.5, 3.0], [-2.0, 0.1], [1.0, -0.25]],
            [[0.0, 0.0], [0.0, 0.0], [0.5, 0.5]],
            1.0,
            "mean",
        ),
        _case(
            "small delta=0.1: almost an L1 cost, slope +-delta/N outside",
            [0.3, -1.0, 0.05, 2.0, -0.02],
            [0.0, 0.0, 0.0, 0.5, 0.0],
            0.1,
            "mean",
        ),
        _case(
            "large delta=10: every residual is quadratic, the cost is half the MSE",
            [1.0, -3.0, 2.0],
            [0.0, 1.0, -1.0],
            10.0,
            "mean",
        ),
        _case(
            "delta=0: raise ValueError", [1.0, 2.0], [0.0, 0.0], 0.0, "mean", raises="ValueError"
        ),
        _case(
            "negative delta=-1: raise ValueError",
            [1.0, 2.0],
            [0.0, 0.0],
            -1.0,
            "mean",
            raises="ValueError",
        ),
        _case(
            "unknown reduction 'avg': raise ValueError",
            [1.0, 2.0],
            [0.0, 0.0],
            1.0,
            "avg",
            raises="ValueError",
        ),
        _case(
            "unknown reduction 'Sum' (names are lower case): raise ValueError",
            [1.0, 2.0],
            [0.0, 0.0],
            1.0,
            "Sum",
            raises="ValueError",
        ),
        Case(
            "a batch (8, 3) of regression outputs with outliers, delta=1.35, mean",
            (
                np.concatenate([rng.normal(size=(6, 3)), 8.0 * rng.normal(size=(2, 3))]),
                rng.normal(size=(8, 3)),
                1.35,
                "mean",
            ),
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random shapes (1-D to 3-D), residuals on both sides of delta, every reduction."""
    ndim = int(rng.integers(1, 4))
    shape = tuple(int(s) for s in rng.integers(1, 6, size=ndim))
    delta = float(np.round(rng.uniform(0.2, 3.0), 2))
    targets = rng.normal(size=shape)
    predictions = targets + rng.normal(scale=2.0 * delta, size=shape)
    reduction = REDUCTIONS[index % 3]
    return Case(
        f"random #{index}: shape {shape}, delta={delta}, reduction {reduction!r}",
        (predictions, targets, delta, reduction),
    )
