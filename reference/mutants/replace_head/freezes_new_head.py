"""Mutant: freezes the whole model after putting the new head in, so nothing trains."""

import numpy as np


def replace_head(x, W1, b1, W_old, b_old, W_new, b_new, freeze_backbone):
    logits = np.maximum(x @ W1.T + b1, 0.0) @ W_new.T + b_new
    total = W1.size + b1.size + W_new.size + b_new.size
    if freeze_backbone:
        return logits, 0, total
    return logits, total, 0
