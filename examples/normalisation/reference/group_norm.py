"""Reference for `group_norm`: `torch.nn.functional.group_norm` in NumPy."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(
    x: np.ndarray, num_groups: int, gamma: np.ndarray, beta: np.ndarray, eps: float = 1e-5
) -> np.ndarray:
    """Statistics per sample and per group of contiguous channels, affine per channel."""
    n, c = x.shape[:2]
    grouped = x.reshape(n, num_groups, -1)
    mu = grouped.mean(axis=-1, keepdims=True)
    var = ((grouped - mu) ** 2).mean(axis=-1, keepdims=True)
    normalised = ((grouped - mu) / np.sqrt(var + eps)).reshape(x.shape)
    per_channel = (c, *([1] * (x.ndim - 2)))
    return normalised * gamma.reshape(per_channel) + beta.reshape(per_channel)


def oracle(
    x: np.ndarray, num_groups: int, gamma: np.ndarray, beta: np.ndarray, eps: float = 1e-5
) -> np.ndarray:
    """`torch.nn.functional.group_norm` in float64."""
    import torch

    out = torch.nn.functional.group_norm(
        torch.from_numpy(x), num_groups, torch.from_numpy(gamma), torch.from_numpy(beta), eps=eps
    )
    return out.numpy().copy()


def _channels(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Inputs whose channels have clearly different means and scales, so mixing them shows."""
    c = shape[1]
    per_channel = (1, c, *([1] * (len(shape) - 2)))
    offsets = rng.uniform(-4, 4, size=per_channel)
    scales = rng.uniform(0.3, 3.0, size=per_channel)
    return offsets + scales * rng.normal(size=shape)


def _case(
    name: str, rng: np.random.Generator, shape: tuple[int, ...], groups: int, **kwargs: float
) -> Case:
    c = shape[1]
    gamma, beta = rng.uniform(0.5, 2.0, size=c), rng.normal(size=c)
    return Case(name, (_channels(rng, shape), groups, gamma, beta), dict(kwargs))


def edge_cases() -> list[Case]:
    """Fixed cases: the two ends of the range (G = 1, G = C), contiguous groups, per-sample
    statistics, images and a keyword eps."""
    rng = np.random.default_rng(22)
    samples = _channels(rng, (3, 4, 5)) * np.array([0.1, 1.0, 10.0])[:, None, None]
    gamma, beta = rng.uniform(0.5, 2.0, size=4), rng.normal(size=4)
    return [
        _case("G = 1: one group holds every channel and position of a sample", rng, (2, 4, 5), 1),
        _case("G = C = 4: one channel per group (InstanceNorm)", rng, (2, 4, 5), 4),
        _case("C = 6, G = 3: groups are contiguous pairs of channels", rng, (2, 6, 4), 3),
        _case("a batch of one image (N=1, C=4, H=3, W=5), G = 2", rng, (1, 4, 3, 5), 2),
        Case(
            "samples of very different scales: statistics are per sample",
            (samples, 2, gamma, beta),
        ),
        _case("eps = 0.5, passed by keyword", rng, (2, 6, 3), 2, eps=0.5),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """N up to 4, G up to 4 groups of up to 3 channels, 1-D or 2-D positions (2 to 5 each)."""
    n = int(rng.integers(1, 5))
    groups = int(rng.integers(1, 5))
    c = groups * int(rng.integers(1, 4))
    # at least two values per group: PyTorch refuses to normalise a single value
    spatial = tuple(int(s) for s in rng.integers(2, 6, size=int(rng.integers(1, 3))))
    shape = (n, c, *spatial)
    return _case(f"random #{index}: x {shape}, G={groups}", rng, shape, groups)
