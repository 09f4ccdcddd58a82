"""Alternative solution: PyTorch autograd, one backward() per micro-batch accumulating into
W.grad, each on the summed token loss divided by the real tokens of the whole batch (counted
in a first pass, as transformers' num_items_in_batch)."""

import torch
import torch.nn.functional as F


def accumulated_gradient(H, targets, W, micro_batch_sizes):
    if min(micro_batch_sizes) < 1 or sum(micro_batch_sizes) != H.shape[0]:
        raise ValueError("micro-batch sizes must be >= 1 and add up to B")
    num_items_in_batch = int((targets != -100).sum())
    if num_items_in_batch == 0:
        raise ValueError("no target token")
    w = W.detach().clone().requires_grad_(True)
    losses = []
    for h, t in zip(H.split(micro_batch_sizes), targets.split(micro_batch_sizes), strict=True):
        logits = (h @ w).flatten(0, 1)
        loss = F.cross_entropy(logits, t.flatten(), ignore_index=-100, reduction="sum")
        loss = loss / num_items_in_batch
        loss.backward()
        losses.append(loss.detach())
    return torch.stack(losses), w.grad
