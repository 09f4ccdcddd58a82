"""Mutant: subtracts the max of the whole array instead of each slice's own max."""

import numpy as np


def softmax(x, axis=-1):
    exps = np.exp(x - x.max())
    return exps / exps.sum(axis=axis, keepdims=True)
