"""Alternative solution: PyTorch tensors; F.logsigmoid for both log-probabilities, p_t from
log p_t, then alpha_t and the reduction."""

import torch
import torch.nn.functional as F


def focal_loss(logits, targets, alpha=0.25, gamma=2.0, reduction="none"):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"unknown reduction {reduction!r}")
    log_p_t = targets * F.logsigmoid(logits) + (1 - targets) * F.logsigmoid(-logits)
    # 1 - p_t is the probability of the other class: sigmoid(-x) for a positive, sigmoid(x)
    # for a negative (exact, where 1 - exp(log_p_t) would round to 0)
    one_minus_p_t = torch.sigmoid(torch.where(targets > 0.5, -logits, logits))
    alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
    loss = -alpha_t * one_minus_p_t**gamma * log_p_t
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss
