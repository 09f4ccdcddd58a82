"""Mutant: always normalises along the last axis, whatever `axis` says."""

import numpy as np


def softmax(x, axis=-1):
    exps = np.exp(x - x.max(axis=-1, keepdims=True))
    return exps / exps.sum(axis=-1, keepdims=True)
