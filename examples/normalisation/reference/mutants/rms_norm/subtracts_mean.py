"""Mutant of rms_norm: the mean is subtracted first (LayerNorm without a bias)."""

import numpy as np


def rms_norm(x, weight, eps=1e-6):
    centred = x - x.mean(axis=-1, keepdims=True)
    return weight * centred / np.sqrt((centred**2).mean(axis=-1, keepdims=True) + eps)
