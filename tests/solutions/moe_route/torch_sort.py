"""Alternative solution: PyTorch, a stable torch.sort (not torch.topk), log-softmax for the
gates, and scatter_add for the top-1 counts."""

import torch


def moe_route(x, W_gate, k):
    num_tokens, num_experts = x.shape[0], W_gate.shape[1]
    if k < 1 or k > num_experts:
        raise ValueError(f"k must be in 1..{num_experts}")
    logits = x @ W_gate
    sorted_logits, order = torch.sort(logits, dim=1, descending=True, stable=True)
    gates = torch.log_softmax(sorted_logits[:, :k], dim=1).exp()
    counts = torch.zeros(num_experts, dtype=logits.dtype).scatter_add_(
        0, order[:, 0], torch.ones(num_tokens, dtype=logits.dtype)
    )
    mean_probability = torch.softmax(logits, dim=1).mean(dim=0)
    loss = num_experts * torch.dot(counts / num_tokens, mean_probability)
    return order[:, :k], gates, loss
