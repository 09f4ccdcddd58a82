"""Mutant: torch.topk, whose order for tied values is unspecified (on CPU it is not by index)."""

import numpy as np


def topk_predictions(logits, k):
    import torch

    if not 1 <= k <= logits.shape[1]:
        raise ValueError("k out of range")
    values, indices = torch.topk(torch.from_numpy(np.asarray(logits)), k, dim=1)
    return values.numpy(), indices.numpy()
