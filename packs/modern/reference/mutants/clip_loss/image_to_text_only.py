"""Mutant: only the image->text direction (a softmax over each row of the similarity matrix);
the text->image cross-entropy over the columns is missing (or is the rows' again)."""

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
    logits = logit_scale * _normalise(image_emb) @ _normalise(text_emb).T
    return _ce_diagonal(logits)
