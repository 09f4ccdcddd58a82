"""Mutant: allocates the result with torch.zeros(n, m), whose defaults are float32 on the CPU,
then copies the float64 product into it."""

import torch


def device_matmul(a, b):
    a, b = torch.as_tensor(a), torch.as_tensor(b)
    out = torch.zeros(a.shape[0], b.shape[1])
    out[:] = a @ b
    return out
