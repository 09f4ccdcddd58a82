"""Reference for `layer_norm`: `torch.nn.functional.layer_norm` over the last axis, in NumPy."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """Each vector along the last axis, normalised with its mean and biased variance."""
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return gamma * (x - mu) / np.sqrt(var + eps) + beta


def oracle(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """`torch.nn.functional.layer_norm` in float64."""
    import torch

    out = torch.nn.functional.layer_norm(
        torch.from_numpy(x),
        (x.shape[-1],),
        torch.from_numpy(gamma),
        torch.from_numpy(beta),
        eps=eps,
    )
    return out.numpy().copy()


def _affine(rng: np.random.Generator, d: int) -> tuple[np.ndarray, np.ndarray]:
    return rng.uniform(0.5, 2.0, size=d), rng.normal(size=d)


def edge_cases() -> list[Case]:
    """Fixed cases, each aimed at one mistake."""
    rng = np.random.default_rng(11)
    gamma, beta = _affine(rng, 6)
    tiny = 1e-3 * rng.normal(size=(3, 6))
    constant = np.full((2, 6), 4.0)
    return [
        Case(
            "a batch of one (N=1): LayerNorm needs no batch",
            (rng.normal(loc=2.0, size=(1, 6)), gamma, beta),
        ),
        Case(
            "a (B, T, D) = (2, 3, 6) batch of token sequences: normalise the last axis only",
            (rng.normal(loc=1.0, scale=3.0, size=(2, 3, 6)), gamma, beta),
        ),
        Case(
            "rows with a tiny spread (std 1e-3, variance below eps): eps goes inside the root",
            (tiny, gamma, beta),
        ),
        Case("constant rows: the output is beta", (constant, gamma, beta)),
        Case(
            "D = 2 features: the biased variance (divide by D) matters most",
            (rng.normal(size=(5, 2)), *_affine(rng, 2)),
        ),
        Case(
            "eps = 0.1, passed by keyword",
            (rng.normal(scale=0.5, size=(4, 6)), gamma, beta),
            {"eps": 0.1},
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """N up to 8 samples of D in [2, 16] features, with random offsets and scales."""
    n = int(rng.integers(1, 9))
    d = int(rng.integers(2, 17))
    x = rng.normal(loc=float(rng.uniform(-5, 5)), scale=float(rng.uniform(0.1, 4)), size=(n, d))
    return Case(f"random #{index}: N={n}, D={d}", (x, *_affine(rng, d)))
