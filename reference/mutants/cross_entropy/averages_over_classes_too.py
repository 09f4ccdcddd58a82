"""Mutant: takes the mean of -one_hot * log_softmax over all N*K entries, dividing by K too."""

import numpy as np


def cross_entropy(logits, targets):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    one_hot = np.eye(logits.shape[1])[targets]
    return float(np.mean(-one_hot * log_probs))
