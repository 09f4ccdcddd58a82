"""Alternative solution: one row at a time with plain Python sorting; ties are handled by
walking groups of equal probability."""

import math

import numpy as np


def filtered_distribution(logits, temperature, top_k, top_p):
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    if top_k < 0:
        raise ValueError("top_k must be >= 0")
    if top_p <= 0 or top_p > 1:
        raise ValueError("top_p must be in (0, 1]")
    out = np.zeros(logits.shape)
    for b, row in enumerate(logits.tolist()):
        z = [x / temperature for x in row]
        kept = [i for i in range(len(z)) if z[i] > -math.inf]
        if 0 < top_k < len(z):
            kth = sorted(z, reverse=True)[top_k - 1]
            kept = [i for i in kept if z[i] >= kth]
        top = max(z[i] for i in kept)
        weights = {i: math.exp(z[i] - top) for i in kept}
        if top_p < 1:
            total = sum(weights.values())
            nucleus, mass = [], 0.0
            for value in sorted(set(weights.values()), reverse=True):
                if mass >= top_p:
                    break
                group = [i for i in kept if weights[i] == value]
                nucleus += group
                mass += value / total * len(group)
            weights = {i: weights[i] for i in nucleus}
        total = sum(weights.values())
        for i, w in weights.items():
            out[b, i] = w / total
    return out
