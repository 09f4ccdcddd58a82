"""Alternative solution: NumPy; the diagonal logit against a logsumexp over each row (image to
text) and over each column (text to image) of one similarity matrix."""

import numpy as np


def clip_loss(image_emb, text_emb, logit_scale):
    if not logit_scale > 0:
        raise ValueError("logit_scale must be > 0")
    a = image_emb / np.sqrt((image_emb**2).sum(axis=1, keepdims=True))
    b = text_emb / np.sqrt((text_emb**2).sum(axis=1, keepdims=True))
    logits = logit_scale * (a @ b.T)
    positive = np.diag(logits)
    row_lse = np.logaddexp.reduce(logits, axis=1)  # image i against every text
    col_lse = np.logaddexp.reduce(logits, axis=0)  # text j against every image
    return float(((row_lse - positive).mean() + (col_lse - positive).mean()) / 2)
