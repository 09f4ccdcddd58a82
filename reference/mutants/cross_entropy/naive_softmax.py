"""Mutant: softmax without subtracting the max, so exp overflows (inf/inf = nan) or underflows."""

import numpy as np


def cross_entropy(logits, targets):
    with np.errstate(all="ignore"):
        exp = np.exp(logits)
        probs = exp / exp.sum(axis=1, keepdims=True)
        return float(-np.mean(np.log(probs[np.arange(len(targets)), targets])))
