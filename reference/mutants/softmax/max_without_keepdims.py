"""Mutant: x - x.max(axis) without keepdims, which broadcasts the maxima along the wrong axis."""

import numpy as np


def softmax(x, axis=-1):
    exps = np.exp(x - x.max(axis=axis))
    return exps / exps.sum(axis=axis, keepdims=True)
