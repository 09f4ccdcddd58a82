"""Mutant: applies the mask and the 1/(1-p) scale whatever `training` says."""


def dropout(x, mask, p, training=True):
    if not 0.0 <= p <= 1.0:
        raise ValueError("p must be in [0, 1]")
    if p == 1.0:
        return x * 0.0
    return x * mask / (1.0 - p)
