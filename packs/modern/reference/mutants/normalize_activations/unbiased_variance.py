"""Mutant: the variance divided by (count - 1), the unbiased estimate (np.var(ddof=1),
torch.var's default), where LayerNorm and BatchNorm normalise with the biased one."""

import numpy as np


def normalize_activations(x, kind, gamma, beta=None, eps=1e-5):
    if kind not in ("layer", "rms", "batch"):
        raise ValueError(f"unknown kind {kind!r}")
    if kind == "rms":
        if beta is not None:
            raise ValueError("RMSNorm has no beta")
        return x / np.sqrt((x**2).mean(axis=-1, keepdims=True) + eps) * gamma
    if kind == "batch" and x.shape[0] * x.shape[1] < 2:
        raise ValueError("one value per feature")
    axes = (-1,) if kind == "layer" else (0, 1)
    mean = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True, ddof=1)
    y = (x - mean) / np.sqrt(var + eps) * gamma
    return y if beta is None else y + beta
