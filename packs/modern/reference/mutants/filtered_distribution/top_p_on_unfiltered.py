"""Mutant: chooses the nucleus from the temperature softmax over the whole vocabulary, not from
the distribution renormalised after top-k, so top-p keeps too many tokens."""

import numpy as np


def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def filtered_distribution(logits, temperature, top_k, top_p):
    if not temperature > 0 or top_k < 0 or not 0 < top_p <= 1:
        raise ValueError("bad arguments")
    z = np.asarray(logits, dtype=np.float64) / temperature
    vocab = z.shape[-1]
    keep = np.ones(z.shape, dtype=bool)
    if top_p < 1:
        p = _softmax(z)  # before top-k: the wrong distribution
        mass_above = (p[:, None, :] * (p[:, None, :] > p[:, :, None])).sum(axis=-1)
        keep &= mass_above < top_p
    if 0 < top_k < vocab:
        kth = np.sort(z, axis=-1)[:, vocab - top_k]
        keep &= z >= kth[:, None]
    return _softmax(np.where(keep, z, -np.inf))
