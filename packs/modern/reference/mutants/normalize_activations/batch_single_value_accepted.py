"""Mutant: batch statistics of a single token (N * T = 1) accepted: the variance is 0, so the
output is beta whatever x is, instead of raising ValueError."""

import numpy as np


def normalize_activations(x, kind, gamma, beta=None, eps=1e-5):
    if kind not in ("layer", "rms", "batch"):
        raise ValueError(f"unknown kind {kind!r}")
    if kind == "rms":
        if beta is not None:
            raise ValueError("RMSNorm has no beta")
        return x / np.sqrt((x**2).mean(axis=-1, keepdims=True) + eps) * gamma
    axes = (-1,) if kind == "layer" else (0, 1)
    mean = x.mean(axis=axes, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=axes, keepdims=True)
    y = (x - mean) / np.sqrt(var + eps) * gamma
    return y if beta is None else y + beta
