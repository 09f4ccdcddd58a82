"""Mutant: padded positions add nothing to the summed loss but are still counted in the
denominator, so padding makes the perplexity look better than it is."""

import numpy as np


def _nll(logits, targets, ignore_index):
    """Per-position NLL of the shifted pairs (0 where ignored) and the counted mask."""
    z, y = logits[:, :-1], targets[:, 1:]
    counted = y != ignore_index
    z = z - z.max(axis=-1, keepdims=True)
    log_probs = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    picked = np.take_along_axis(log_probs, np.where(counted, y, 0)[..., None], axis=-1)[..., 0]
    return np.where(counted, -picked, 0.0), counted


def perplexity(logits, targets, ignore_index):
    nll, counted = _nll(logits, targets, ignore_index)
    if np.any(counted.sum(axis=1) == 0):
        raise ValueError("empty sequence")
    per_sequence = np.exp(nll.mean(axis=1))
    return per_sequence, float(np.exp(nll.mean()))
