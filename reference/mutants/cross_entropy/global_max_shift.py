"""Mutant: shifts by the maximum of the whole array instead of each row's own maximum, so a row
far below it underflows to exp(...) = 0 and log(0) = -inf."""

import numpy as np


def cross_entropy(logits, targets):
    with np.errstate(all="ignore"):
        shifted = logits - logits.max()
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        return float(-np.mean(log_probs[np.arange(len(targets)), targets]))
