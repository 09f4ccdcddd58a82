"""Mutant: chooses the nucleus from the temperature-1 distribution and applies the temperature
only to the tokens kept, so the temperature does not change which tokens survive top-p."""

import numpy as np


def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def filtered_distribution(logits, temperature, top_k, top_p):
    if not temperature > 0 or top_k < 0 or not 0 < top_p <= 1:
        raise ValueError("bad arguments")
    z = np.asarray(logits, dtype=np.float64)
    vocab = z.shape[-1]
    if 0 < top_k < vocab:
        kth = np.sort(z, axis=-1)[:, vocab - top_k]
        z = np.where(z >= kth[:, None], z, -np.inf)
    if top_p < 1:
        p = _softmax(z)
        mass_above = (p[:, None, :] * (p[:, None, :] > p[:, :, None])).sum(axis=-1)
        z = np.where(mass_above < top_p, z, -np.inf)
    return _softmax(z / temperature)
