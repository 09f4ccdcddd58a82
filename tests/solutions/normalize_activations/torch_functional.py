"""Alternative solution: PyTorch's own functional norms (the grader hands tensors to a file
that imports torch)."""

import torch
import torch.nn.functional as F


def normalize_activations(x, kind, gamma, beta=None, eps=1e-5):
    if kind not in ("layer", "rms", "batch"):
        raise ValueError(f"unknown kind {kind!r}")
    d = x.shape[-1]
    if kind == "layer":
        return F.layer_norm(x, (d,), gamma, beta, eps)
    if kind == "rms":
        if beta is not None:
            raise ValueError("RMSNorm has no shift")
        return F.rms_norm(x, (d,), gamma, eps)
    if x.shape[0] * x.shape[1] < 2:
        raise ValueError("batch statistics need more than one value per feature")
    y = F.batch_norm(x.transpose(1, 2), None, None, gamma, beta, training=True, eps=eps)
    return torch.transpose(y, 1, 2)
