"""Mutant: never checks p, so any p outside [0, 1] gives numbers instead of a ValueError."""


def dropout(x, mask, p, training=True):
    if not training:
        return x.copy()
    if p == 1.0:
        return x * 0.0
    return x * mask / (1.0 - p)
