"""Alternative solution: PyTorch, on logits throughout; top-p by a descending sort and a
cumulative sum, then widened to every token as likely as the least likely one kept."""

import torch


def filtered_distribution(logits, temperature, top_k, top_p):
    if not temperature > 0:
        raise ValueError("temperature must be positive")
    if top_k < 0:
        raise ValueError("top_k must be >= 0")
    if not 0 < top_p <= 1:
        raise ValueError("top_p must be in (0, 1]")
    z = logits / temperature
    vocab = z.shape[-1]
    if 0 < top_k < vocab:
        kth = torch.topk(z, top_k, dim=-1).values[:, -1:]
        z = z.masked_fill(z < kth, float("-inf"))
    if top_p < 1:
        q = torch.softmax(z, dim=-1)
        sorted_q, _ = torch.sort(q, dim=-1, descending=True)
        before = torch.cumsum(sorted_q, dim=-1) - sorted_q
        kept_sorted = before < top_p
        kept_sorted[:, 0] = True
        lowest = torch.where(kept_sorted, sorted_q, torch.ones_like(sorted_q)).amin(-1)
        z = z.masked_fill(q < lowest[:, None], float("-inf"))
    return torch.softmax(z, dim=-1)
