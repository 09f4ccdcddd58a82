"""Alternative solution: PyTorch, with amin/amax over every dimension but the channel axis and
torch.round (which rounds halves to even)."""

import torch

RANGES = {"symmetric": (-127, 127), "asymmetric": (0, 255)}


def quantize_dequantize(W, scheme, axis):
    if scheme not in RANGES:
        raise ValueError(f"unknown scheme {scheme!r}")
    if axis is not None and (axis < 0 or axis >= W.dim()):
        raise ValueError(f"axis {axis} out of range")
    dims = list(range(W.dim())) if axis is None else [d for d in range(W.dim()) if d != axis]
    qmin, qmax = RANGES[scheme]
    if scheme == "symmetric":
        scale = W.abs().amax(dim=dims, keepdim=True) / 127
        zero_point = torch.zeros_like(scale)
    else:
        low = W.amin(dim=dims, keepdim=True).clamp(max=0)
        high = W.amax(dim=dims, keepdim=True).clamp(min=0)
        scale = (high - low) / 255
    scale = scale.clamp(min=torch.finfo(torch.float32).eps)
    if scheme == "asymmetric":
        zero_point = torch.round(-low / scale).clamp(0, 255)
    q = (torch.round(W / scale) + zero_point).clamp(qmin, qmax)
    dequantized = (q - zero_point) * scale
    error = (W - dequantized).abs().max()
    if axis is None:
        return q.long(), scale.item(), int(zero_point.item()), dequantized, error
    return q.long(), scale.flatten(), zero_point.flatten().long(), dequantized, error
