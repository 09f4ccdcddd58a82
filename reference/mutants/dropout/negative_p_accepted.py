"""Mutant: refuses p > 1 only; a negative p is used as is."""


def dropout(x, mask, p, training=True):
    if p > 1.0:
        raise ValueError("p must be at most 1")
    if not training:
        return x.copy()
    if p == 1.0:
        return x * 0.0
    return x * mask / (1.0 - p)
