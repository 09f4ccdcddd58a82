"""Alternative solution: PyTorch tensors; log_softmax, a mask and the two terms written out."""

import torch


def label_smoothed_cross_entropy(logits, targets, epsilon, ignore_index=-100):
    if not 0.0 <= epsilon <= 1.0:
        raise ValueError("epsilon must be in [0, 1]")
    mask = targets != ignore_index
    count = int(mask.sum())
    if count == 0:
        raise ValueError("every target is ignore_index")
    log_probs = torch.log_softmax(logits, dim=1)
    picked = log_probs.gather(1, torch.where(mask, targets, 0).unsqueeze(1)).squeeze(1)
    per_row = -(1.0 - epsilon) * picked - epsilon * log_probs.mean(dim=1)
    return float((per_row * mask).sum() / count)
