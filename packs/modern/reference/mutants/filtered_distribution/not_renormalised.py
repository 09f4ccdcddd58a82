"""Mutant: zeroes the filtered-out tokens of the temperature softmax but never renormalises, so
each row sums to less than 1 whenever a token was removed."""

import numpy as np


def filtered_distribution(logits, temperature, top_k, top_p):
    if not temperature > 0 or top_k < 0 or not 0 < top_p <= 1:
        raise ValueError("bad arguments")
    z = np.asarray(logits, dtype=np.float64) / temperature
    full = np.exp(z - z.max(axis=-1, keepdims=True))
    full /= full.sum(axis=-1, keepdims=True)
    vocab = z.shape[-1]
    keep = np.ones(z.shape, dtype=bool)
    if 0 < top_k < vocab:
        kth = np.sort(z, axis=-1)[:, vocab - top_k]
        keep = z >= kth[:, None]
    p = np.where(keep, full, 0.0)
    p_renormalised = p / p.sum(axis=-1, keepdims=True)
    if top_p < 1:
        q = p_renormalised
        mass_above = (q[:, None, :] * (q[:, None, :] > q[:, :, None])).sum(axis=-1)
        keep &= mass_above < top_p
    return np.where(keep, full, 0.0)
