"""Alternative solution: PyTorch tensors, torch.logsumexp and gather."""

import torch


def cross_entropy(logits, targets):
    log_probs = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    return -log_probs.gather(1, targets[:, None]).mean()
