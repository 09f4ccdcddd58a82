"""Mutant: multiplies by exp(logit_scale), exponentiating a scale that is already exponentiated
(CLIP stores log(1/tau) and the loss receives its exp)."""

import numpy as np


def _ce_diagonal(logits):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-np.diag(log_probs).mean())


def _normalise(x):
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def clip_loss(image_emb, text_emb, logit_scale):
    if logit_scale <= 0:
        raise ValueError("logit_scale must be positive")
    logits = np.exp(logit_scale) * (_normalise(image_emb) @ _normalise(text_emb).T)
    return 0.5 * (_ce_diagonal(logits) + _ce_diagonal(logits.T))
