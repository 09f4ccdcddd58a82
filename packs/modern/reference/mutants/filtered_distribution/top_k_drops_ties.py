"""Mutant: top-k keeps exactly k tokens (a stable sort's first k), so of the tokens tied at the
k-th largest logit only the lower indices survive."""

import numpy as np


def filtered_distribution(logits, temperature, top_k, top_p):
    if not temperature > 0 or top_k < 0 or not 0 < top_p <= 1:
        raise ValueError("bad arguments")
    z = np.asarray(logits, dtype=np.float64) / temperature
    vocab = z.shape[-1]
    if 0 < top_k < vocab:
        order = np.argsort(-z, axis=-1, kind="stable")[:, :top_k]
        keep = np.zeros(z.shape, dtype=bool)
        np.put_along_axis(keep, order, True, axis=-1)
        z = np.where(keep, z, -np.inf)
    p = np.exp(z - z.max(axis=-1, keepdims=True))
    p /= p.sum(axis=-1, keepdims=True)
    if top_p < 1:
        mass_above = (p[:, None, :] * (p[:, None, :] > p[:, :, None])).sum(axis=-1)
        p = np.where(mass_above < top_p, p, 0.0)
        p /= p.sum(axis=-1, keepdims=True)
    return p
