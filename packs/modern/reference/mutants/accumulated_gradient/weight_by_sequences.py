"""Mutant: each micro-batch's token mean is weighted by its share of the SEQUENCES,
n_k / B: right when every sequence has the same number of real tokens, wrong with padding."""

import numpy as np


def _sum_loss_and_grad(h, t, W):
    """Summed cross-entropy of one micro-batch's real tokens, its gradient in W, and its count
    of real tokens."""
    logits = h @ W
    logits = logits - logits.max(axis=-1, keepdims=True)
    log_probs = logits - np.log(np.exp(logits).sum(axis=-1, keepdims=True))
    mask = t != -100
    safe = np.where(mask, t, 0)
    picked = np.take_along_axis(log_probs, safe[..., None], axis=-1)[..., 0]
    dlogits = np.exp(log_probs)
    dlogits[..., :] -= np.eye(W.shape[1])[safe]
    dlogits *= mask[..., None]
    return -np.sum(picked * mask), np.einsum("ntd,ntv->dv", h, dlogits), int(mask.sum())


def accumulated_gradient(H, targets, W, micro_batch_sizes):
    if any(size < 1 for size in micro_batch_sizes) or sum(micro_batch_sizes) != H.shape[0]:
        raise ValueError("bad micro-batch sizes")
    if not np.any(targets != -100):
        raise ValueError("no target token")
    B = H.shape[0]
    losses, grad, start = [], np.zeros(W.shape), 0
    with np.errstate(invalid="ignore", divide="ignore"):
        for size in micro_batch_sizes:
            s, g, n = _sum_loss_and_grad(H[start : start + size], targets[start : start + size], W)
            start += size
            losses.append(s / n * size / B)
            grad += g / n * size / B
    return np.array(losses), grad
