"""Mutant: the forward pass still goes through the old head (the new one is never called)."""

import numpy as np


def replace_head(x, W1, b1, W_old, b_old, W_new, b_new, freeze_backbone):
    logits = np.maximum(x @ W1.T + b1, 0.0) @ W_old.T + b_old
    backbone = W1.size + b1.size
    head = W_new.size + b_new.size
    if freeze_backbone:
        return logits, head, backbone
    return logits, backbone + head, 0
