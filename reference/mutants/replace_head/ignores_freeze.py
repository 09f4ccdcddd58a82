"""Mutant: every parameter trains even when the backbone is frozen."""

import numpy as np


def replace_head(x, W1, b1, W_old, b_old, W_new, b_new, freeze_backbone):
    logits = np.maximum(x @ W1.T + b1, 0.0) @ W_new.T + b_new
    return logits, W1.size + b1.size + W_new.size + b_new.size, 0
