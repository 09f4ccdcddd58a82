"""Mutant: scales kept units by (1 - p) during training instead of by 1 / (1 - p)."""


def dropout(x, mask, p, training=True):
    if not 0.0 <= p <= 1.0:
        raise ValueError("p must be in [0, 1]")
    if not training:
        return x
    return x * mask * (1.0 - p)
