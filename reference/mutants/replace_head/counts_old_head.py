"""Mutant: counts the discarded old head as frozen parameters, as if it were still in the model."""

import numpy as np


def replace_head(x, W1, b1, W_old, b_old, W_new, b_new, freeze_backbone):
    logits = np.maximum(x @ W1.T + b1, 0.0) @ W_new.T + b_new
    backbone = W1.size + b1.size
    head = W_new.size + b_new.size
    old_head = W_old.size + b_old.size
    if freeze_backbone:
        return logits, head, backbone + old_head
    return logits, backbone + head, old_head
