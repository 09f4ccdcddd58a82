"""Alternative solution: PyTorch, the loss written with torch.where and differentiated by
autograd (the grader hands the arrays over as tensors)."""

import torch


def huber_cost(predictions, targets, delta, reduction):
    if not delta > 0:
        raise ValueError("delta must be positive")
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"unknown reduction {reduction!r}")
    p = predictions.detach().clone().requires_grad_(True)
    r = p - targets
    losses = torch.where(r.abs() <= delta, 0.5 * r**2, delta * (r.abs() - 0.5 * delta))
    cost = {"mean": losses.mean, "sum": losses.sum, "none": lambda: losses}[reduction]()
    (grad,) = torch.autograd.grad(cost.sum(), p)
    return cost.detach(), grad
