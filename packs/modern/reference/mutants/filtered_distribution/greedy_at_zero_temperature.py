"""Mutant: treats a temperature <= 0 as greedy decoding (a one-hot on the argmax) instead of
raising ValueError."""

import numpy as np


def filtered_distribution(logits, temperature, top_k, top_p):
    if top_k < 0 or not 0 < top_p <= 1:
        raise ValueError("bad arguments")
    z = np.asarray(logits, dtype=np.float64)
    if temperature <= 0:
        return (np.arange(z.shape[-1]) == z.argmax(axis=-1)[:, None]).astype(np.float64)
    z = z / temperature
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
