"""Alternative solution: PyTorch counts the FLOPs of a real matrix product on meta tensors
(shapes only, no memory), and the bytes come from the tensors' sizes."""

import torch
from torch.utils.flop_counter import FlopCounterMode


def matmul_roofline(m, n, k, bytes_per_element, peak_flops, bandwidth):
    if min(m, n, k, bytes_per_element) < 1:
        raise ValueError("m, n, k and bytes_per_element must be at least 1")
    if not (peak_flops > 0 and bandwidth > 0):
        raise ValueError("peak_flops and bandwidth must be positive")
    a = torch.empty(m, k, device="meta")
    b = torch.empty(k, n, device="meta")
    with FlopCounterMode(display=False) as counter:
        c = a @ b
    flops = counter.get_total_flops()
    bytes_moved = (a.numel() + b.numel() + c.numel()) * bytes_per_element
    intensity = flops / bytes_moved
    roofs = torch.tensor([peak_flops, intensity * bandwidth], dtype=torch.float64)
    attainable = roofs.min().item()
    compute_bound = bool(roofs[0] <= roofs[1])
    return flops, bytes_moved, intensity, attainable, flops / attainable, compute_bound
