"""Mutant: inverted dropout in training AND classic dropout's (1 - p) at evaluation, so the
test-time activations are scaled down twice over."""


def dropout(x, mask, p, training=True):
    if not 0.0 <= p <= 1.0:
        raise ValueError("p must be in [0, 1]")
    if not training:
        return x * (1.0 - p)
    if p == 1.0:
        return x * 0.0
    return x * mask / (1.0 - p)
