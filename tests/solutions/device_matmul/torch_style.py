"""Alternative solution: an output buffer allocated like the input (same dtype and device)."""

import torch


def device_matmul(a, b):
    out = torch.zeros(a.shape[0], b.shape[1], dtype=a.dtype, device=a.device)
    return out.addmm_(a, b)
