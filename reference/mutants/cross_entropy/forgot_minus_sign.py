"""Mutant: returns the mean log-probability of the targets, without the minus sign."""

import numpy as np


def cross_entropy(logits, targets):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(np.mean(log_probs[np.arange(len(targets)), targets]))
