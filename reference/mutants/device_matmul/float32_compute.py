"""Mutant: converts the inputs to float32 (torch.Tensor(x), .float(), np.float32) first."""

import numpy as np


def device_matmul(a, b):
    return np.asarray(a, dtype=np.float32) @ np.asarray(b, dtype=np.float32)
