"""Mutant: refuses p < 0 only; p above 1 is used as is (a negative scale 1/(1 - p))."""


def dropout(x, mask, p, training=True):
    if p < 0.0:
        raise ValueError("p must be at least 0")
    if not training:
        return x.copy()
    if p == 1.0:
        return x * 0.0
    return x * mask / (1.0 - p)
