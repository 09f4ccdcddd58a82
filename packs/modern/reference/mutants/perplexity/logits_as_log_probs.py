"""Mutant: takes minus the target's raw logit as its loss, skipping the log-softmax; logits are
unnormalised, so this is not a negative log-probability."""

import numpy as np


def perplexity(logits, targets, ignore_index):
    z, y = logits[:, :-1], targets[:, 1:]
    counted = y != ignore_index
    counts = counted.sum(axis=1)
    if np.any(counts == 0):
        raise ValueError("empty sequence")
    picked = np.take_along_axis(z, np.where(counted, y, 0)[..., None], axis=-1)[..., 0]
    nll = np.where(counted, -picked, 0.0)
    return np.exp(nll.sum(axis=1) / counts), float(np.exp(nll.sum() / counts.sum()))
