"""Mutant: returns x in evaluation before checking p, so p = 1.5 passes with training=False."""


def dropout(x, mask, p, training=True):
    if not training:
        return x.copy()
    if not 0.0 <= p <= 1.0:
        raise ValueError("p must be in [0, 1]")
    if p == 1.0:
        return x * 0.0
    return x * mask / (1.0 - p)
