"""Mutant: multiplies by the mask but never rescales (classic dropout's training pass, without
the test-time correction the rest of the exercise assumes)."""


def dropout(x, mask, p, training=True):
    if not 0.0 <= p <= 1.0:
        raise ValueError("p must be in [0, 1]")
    if not training:
        return x
    return x * mask
