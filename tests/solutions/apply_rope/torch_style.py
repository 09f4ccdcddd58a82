"""Alternative solution: PyTorch, the way Hugging Face Llama and Meta's LLaMA code do it:
rotate_half with duplicated angles, and complex multiplication on (d/2, 2) views."""

import torch


def rotate_half(x):
    x1, x2 = x.chunk(2, dim=-1)
    return torch.cat([-x2, x1], dim=-1)


def apply_rope(x, positions, base, layout):
    d = x.shape[-1]
    if d % 2 != 0:
        raise ValueError(f"d must be even, got {d}")
    if layout not in ("interleaved", "half"):
        raise ValueError(f"unknown layout {layout!r}")
    x = x.to(torch.float64)
    inv_freq = 1.0 / (base ** (torch.arange(0, d, 2, dtype=torch.float64, device=x.device) / d))
    angles = positions.to(torch.float64)[:, None] * inv_freq  # (T, d/2), float64 on purpose
    if layout == "half":
        emb = torch.cat([angles, angles], dim=-1)
        return x * emb.cos() + rotate_half(x) * emb.sin()
    z = torch.view_as_complex(x.reshape(*x.shape[:-1], d // 2, 2).contiguous())
    return torch.view_as_real(z * torch.polar(torch.ones_like(angles), angles)).flatten(-2)
