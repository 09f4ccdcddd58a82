"""Mutant: exp(x) / sum exp(x) with no shift: overflows (inf/inf) or underflows (0/0)."""

import numpy as np


def softmax(x, axis=-1):
    exps = np.exp(x)
    return exps / exps.sum(axis=axis, keepdims=True)
