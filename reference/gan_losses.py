"""Reference for `gan_losses`: the discriminator's BCE and the non-saturating generator loss,
from logits.

d_loss = BCE(D(x), 1) + BCE(D(G(z)), 0) = mean softplus(-real) + mean softplus(fake)
g_loss = BCE(D(G(z)), 1) = -mean log sigmoid(fake) = mean softplus(-fake)
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def _softplus(z: np.ndarray) -> np.ndarray:
    """log(1 + e^z) without overflow: the exponent is never positive."""
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def reference(d_real_logits: np.ndarray, d_fake_logits: np.ndarray) -> tuple[float, float]:
    """-log sigmoid(z) = softplus(-z) and -log(1 - sigmoid(z)) = softplus(z)."""
    d_loss = np.mean(_softplus(-d_real_logits)) + np.mean(_softplus(d_fake_logits))
    g_loss = np.mean(_softplus(-d_fake_logits))  # -log D(G(z)): does not saturate
    return float(d_loss), float(g_loss)


def oracle(d_real_logits: np.ndarray, d_fake_logits: np.ndarray) -> tuple[float, float]:
    """The same with F.binary_cross_entropy_with_logits (mean reduction) and 0/1 labels."""
    import torch
    import torch.nn.functional as F

    real, fake = torch.from_numpy(d_real_logits), torch.from_numpy(d_fake_logits)
    bce = F.binary_cross_entropy_with_logits
    d_loss = bce(real, torch.ones_like(real)) + bce(fake, torch.zeros_like(fake))
    g_loss = bce(fake, torch.ones_like(fake))
    return d_loss.item(), g_loss.item()


def _case(name: str, real: list[float], fake: list[float]) -> Case:
    return Case(name, (np.array(real, dtype=np.float64), np.array(fake, dtype=np.float64)))


def edge_cases() -> list[Case]:
    """Fixed cases: the equilibrium, a confident discriminator, huge logits, unequal batches."""
    return [
        _case(
            "all logits 0 (D outputs 1/2): d_loss = 2 log 2, g_loss = log 2",
            [0.0, 0.0, 0.0],
            [0.0, 0.0, 0.0],
        ),
        _case(
            "D rejects the fakes with logits -30 and -25: g_loss is about 27.5, not about 0",
            [4.0, 6.0],
            [-30.0, -25.0],
        ),
        _case(
            "logits of +-1000, D right on every sample: d_loss 0, g_loss 1000 (finite)",
            [1000.0, 800.0],
            [-1000.0, -900.0],
        ),
        _case(
            "fake logit +40: 1 - sigmoid(40) rounds to 0, yet its d_loss term is 40, not inf",
            [40.0],
            [40.0],
        ),
        _case(
            "D fooled by every fake (fake logits +5): d_loss large, g_loss small",
            [1.0, -0.5, 2.0],
            [5.0, 5.0, 5.0],
        ),
        _case(
            "3 real and 5 fake samples: each term is the mean over its own batch",
            [2.0, -1.0, 0.5],
            [-2.0, 1.0, 0.0, -0.5, 3.0],
        ),
        _case("one real and one fake sample", [1.5], [-0.75]),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random batch sizes and logit scales, from an undecided to an overconfident D."""
    n, m = (int(x) for x in rng.integers(1, 33, size=2))
    scale = float(rng.choice([0.1, 1.0, 5.0, 50.0, 1000.0]))
    real = scale * rng.normal(loc=0.5, size=n)
    fake = scale * rng.normal(loc=-0.5, size=m)
    return Case(
        f"random #{index}: {n} real, {m} fake, logits ~ {scale:g} * N(+-0.5, 1)", (real, fake)
    )
