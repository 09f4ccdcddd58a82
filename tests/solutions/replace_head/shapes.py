"""replace_head counting parameters from the layer shapes, as one would on paper."""

import numpy as np


def replace_head(x, W1, b1, W_old, b_old, W_new, b_new, freeze_backbone):
    F, D = W1.shape
    C = W_new.shape[0]
    hidden = x @ W1.T + b1
    features = hidden * (hidden > 0)
    logits = np.einsum("nf,cf->nc", features, W_new) + b_new
    backbone = F * (D + 1)
    head = C * (F + 1)
    trainable = head + (0 if freeze_backbone else backbone)
    return logits, trainable, backbone + head - trainable
