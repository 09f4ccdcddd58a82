"""replace_head the PyTorch way: build the pretrained model, freeze it, assign a new nn.Linear
head (new modules train by default) and count parameters by requires_grad."""

import torch
from torch import nn


def replace_head(x, W1, b1, W_old, b_old, W_new, b_new, freeze_backbone):
    (F, D), K, C = W1.shape, W_old.shape[0], W_new.shape[0]
    like = {"dtype": x.dtype, "device": x.device}
    model = nn.Sequential(nn.Linear(D, F, **like), nn.ReLU(), nn.Linear(F, K, **like))
    with torch.no_grad():
        for parameter, value in zip(model.parameters(), (W1, b1, W_old, b_old), strict=True):
            parameter.copy_(value)
    if freeze_backbone:
        model.requires_grad_(False)  # freeze first ...
    model[2] = nn.Linear(F, C, **like)  # ... then replace: the new head trains
    with torch.no_grad():
        model[2].weight.copy_(W_new)
        model[2].bias.copy_(b_new)
        logits = model(x)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    frozen = sum(p.numel() for p in model.parameters() if not p.requires_grad)
    return logits, trainable, frozen
