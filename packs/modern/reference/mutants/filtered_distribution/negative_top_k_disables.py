"""Mutant: treats a negative top_k like 0 (top-k off) instead of raising ValueError."""

import numpy as np


def filtered_distribution(logits, temperature, top_k, top_p):
    if not temperature > 0 or not 0 < top_p <= 1:
        raise ValueError("bad arguments")
    z = np.asarray(logits, dtype=np.float64) / temperature
    vocab = z.shape[-1]
    if 0 < top_k < vocab:
        kth = np.sort(z, axis=-1)[:, vocab - top_k]
        z = np.where(z >= kth[:, None], z, -np.inf)
    p = np.exp(z - z.max(axis=-1, keepdims=True))
    p /= p.sum(axis=-1, keepdims=True)
    if top_p < 1:
        mass_above = (p[:, None, :] * (p[:, None, :] > p[:, :, None])).sum(axis=-1)
        p = np.where(mass_above < top_p, p, 0.0)
        p /= p.sum(axis=-1, keepdims=True)
    return p
