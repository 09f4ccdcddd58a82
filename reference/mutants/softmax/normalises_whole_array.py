"""Mutant: divides by the sum over the whole array, so only the grand total is 1."""

import numpy as np


def softmax(x, axis=-1):
    exps = np.exp(x - x.max())
    return exps / exps.sum()
