"""Alternative solution: PyTorch tensors; F.cross_entropy is the stable loss, and the loop saves
and restores each entry of a cloned W."""

import torch
import torch.nn.functional as F


def softmax_gradient_check(W, X, y, analytic, eps=1e-5, threshold=1e-6):
    if analytic.shape != W.shape:
        raise ValueError("the candidate gradient must have W's shape")
    point = W.clone()
    numeric = torch.zeros_like(W)
    for d in range(W.shape[0]):
        for k in range(W.shape[1]):
            saved = point[d, k].item()
            point[d, k] = saved + eps
            plus = F.cross_entropy(X @ point, y)
            point[d, k] = saved - eps
            minus = F.cross_entropy(X @ point, y)
            point[d, k] = saved
            numeric[d, k] = (plus - minus) / (2 * eps)
    scale = torch.maximum(analytic.abs(), numeric.abs())
    rel = torch.where(
        scale > 0, (analytic - numeric).abs() / torch.where(scale > 0, scale, 1.0), 0.0
    )
    return {
        "loss": F.cross_entropy(X @ W, y).item(),
        "numeric": numeric,
        "rel_error": rel,
        "passed": bool(rel.max() <= threshold),
    }
