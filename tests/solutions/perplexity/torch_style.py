"""Alternative solution in PyTorch: log_softmax, gather the next tokens, mask the padding."""

import torch


def perplexity(logits, targets, ignore_index):
    log_probs = torch.log_softmax(logits[:, :-1], dim=-1)
    next_tokens = targets[:, 1:]
    mask = next_tokens != ignore_index
    counts = mask.sum(dim=1)
    if bool((counts == 0).any()):
        raise ValueError("a sequence has no token to score")
    index = next_tokens.masked_fill(~mask, 0).unsqueeze(-1)
    nll = -log_probs.gather(-1, index).squeeze(-1) * mask
    per_sequence = torch.exp(nll.sum(dim=1) / counts)
    return per_sequence, torch.exp(nll.sum() / counts.sum()).item()
