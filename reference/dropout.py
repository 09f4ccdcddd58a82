"""Reference for `dropout`: inverted dropout with the keep mask given as an input."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(x: np.ndarray, mask: np.ndarray, p: float, training: bool = True) -> np.ndarray:
    """Training: x * mask / (1 - p), so E[y] = x; evaluation: x unchanged (the mask is unused).

    `mask` holds 1 where a unit is kept and 0 where it is dropped; `p` is the drop probability.
    """
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training:
        return x.copy()
    if p == 1.0:  # every unit is dropped; 1 / (1 - p) would turn 0 * inf into NaN
        return np.zeros_like(x)
    return x * mask / (1.0 - p)


def oracle(x: np.ndarray, mask: np.ndarray, p: float, training: bool = True) -> np.ndarray:
    """F.dropout draws its own mask, so its convention is read off a probe: the value it gives a
    kept 1.0 is the factor a kept unit is multiplied by (1/(1-p) in training, 1 at evaluation,
    and with p = 1 nothing is kept). The same factor is then applied with the case's mask."""
    import torch
    import torch.nn.functional as F

    x_t = torch.from_numpy(x)
    if not training:
        return F.dropout(x_t, p, training=False).numpy()
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        probe = F.dropout(torch.ones(4096, dtype=torch.float64), p, training=True)
    kept = probe[probe != 0]
    if kept.numel() == 0:  # p = 1: PyTorch returns zeros
        return torch.zeros_like(x_t).numpy()
    assert torch.all(kept == kept[0]), "F.dropout scales every kept unit by one factor"
    return (x_t * torch.from_numpy(mask) * kept[0]).numpy()


def _mask(rows: list[list[int]] | list[int]) -> np.ndarray:
    return np.array(rows, dtype=np.float64)


def edge_cases() -> list[Case]:
    """Fixed cases: one unit, the 1/(1-p) scale, the keep (not drop) mask, evaluation, p = 0
    and p = 1, and p outside [0, 1] (above and below, in training and in evaluation)."""
    rng = np.random.default_rng(35)
    x = np.array([[1.0, -2.0, 3.0, 0.5], [4.0, 0.25, -1.0, 2.0]])
    mask = _mask([[1, 0, 1, 1], [0, 1, 1, 0]])
    big = rng.normal(size=(3, 5, 4))
    return [
        Case("one unit, dropped (p=0.3)", (np.array([7.0]), _mask([0]), 0.3)),
        Case("one unit, kept (p=0.5): doubled", (np.array([7.0]), _mask([1]), 0.5)),
        Case("p=0.5, training: kept units are doubled, dropped ones are 0", (x, mask, 0.5)),
        Case(
            "p=0.2, training: kept units are scaled by 1/(1-p) = 1.25, not by 1-p",
            (x, mask, 0.2),
            {"training": True},
        ),
        Case(
            "mask of 1s = keep: an all-ones mask with p=0.25 scales everything by 4/3",
            (x, np.ones_like(x), 0.25),
        ),
        Case(
            "evaluation (training=False): the output is x, unscaled and unmasked",
            (x, mask, 0.5),
            {"training": False},
        ),
        Case(
            "evaluation with p=0.8: still x (inverted dropout does nothing at test time)",
            (big, (rng.random(big.shape) >= 0.8).astype(np.float64), 0.8),
            {"training": False},
        ),
        Case("p=0: nothing is dropped and nothing is scaled", (x, np.ones_like(x), 0.0)),
        Case(
            "p=1: every unit is dropped, the output is 0 (not 0 * inf = NaN)",
            (x, np.zeros_like(x), 1.0),
        ),
        Case(
            "a 3-D activation (batch 3, 5 tokens, 4 features), p=0.1",
            (big, (rng.random(big.shape) >= 0.1).astype(np.float64), 0.1),
        ),
        Case(
            "p=1.5 is not a probability: ValueError, as PyTorch raises",
            (x, mask, 1.5),
            raises="ValueError",
        ),
        Case(
            "p=-0.1 is not a probability: ValueError",
            (x, mask, -0.1),
            raises="ValueError",
        ),
        Case(
            "p=1.5 in evaluation (training=False): still ValueError",
            (x, mask, 1.5),
            {"training": False},
            raises="ValueError",
        ),
        Case(
            "p=-0.1 in evaluation (training=False): still ValueError",
            (x, mask, -0.1),
            {"training": False},
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random activations and p; the mask keeps each unit with probability 1 - p."""
    ndim = int(rng.integers(1, 4))
    shape = tuple(int(s) for s in rng.integers(1, 7, size=ndim))
    x = rng.normal(scale=2.0, size=shape)
    p = float(rng.choice([0.0, 0.1, 0.2, 0.25, 0.5, 0.75, 0.9]))
    mask = (rng.random(shape) >= p).astype(np.float64)
    training = bool(rng.random() < 0.75)
    name = f"random #{index}: x of shape {shape}, p={p}, training={training}"
    return Case(name, (x, mask, p), {"training": training})
