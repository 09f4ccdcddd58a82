"""Mutant: top-p keeps only the tokens whose cumulative probability, counting themselves, stays
at or below p, so the token that crosses p is dropped (the most likely one is kept anyway)."""

import numpy as np


def filtered_distribution(logits, temperature, top_k, top_p):
    if not temperature > 0 or top_k < 0 or not 0 < top_p <= 1:
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
        keep = (mass_above + p <= top_p) | (p == p.max(axis=-1, keepdims=True))
        p = np.where(keep, p, 0.0)
        p /= p.sum(axis=-1, keepdims=True)
    return p
