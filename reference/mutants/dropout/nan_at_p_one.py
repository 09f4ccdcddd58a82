"""Mutant: x * mask / (1 - p) with no special case for p = 1, where 0 / 0 gives NaN."""


def dropout(x, mask, p, training=True):
    if not 0.0 <= p <= 1.0:
        raise ValueError("p must be in [0, 1]")
    if not training:
        return x.copy()
    return x * mask / (1.0 - p)
