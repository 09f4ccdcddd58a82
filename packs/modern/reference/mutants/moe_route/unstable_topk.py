"""Mutant: torch.topk, whose order for tied logits is unspecified (on CPU it is not by index),
so ties, and the top-1 counts f, depend on the kernel."""

import numpy as np


def moe_route(x, W_gate, k):
    import torch

    num_experts = W_gate.shape[1]
    if not 1 <= k <= num_experts:
        raise ValueError("k out of range")
    logits = torch.from_numpy(np.asarray(x) @ np.asarray(W_gate))
    top, indices = torch.topk(logits, k, dim=-1)
    gates = torch.softmax(top, dim=-1)
    probabilities = torch.softmax(logits, dim=-1)
    f = torch.nn.functional.one_hot(indices[:, 0], num_experts).double().mean(dim=0)
    loss = num_experts * torch.sum(f * probabilities.mean(dim=0))
    return indices.numpy(), gates.numpy(), loss.item()
