"""Alternative solution: PyTorch autograd (the grader hands tensors to a file that imports torch);
retain_grad keeps the gradient of every residual state."""

import torch
import torch.nn.functional as F


def residual_norm_stack(x, W1, W2, grad_y, placement, eps=1e-5):
    if placement not in ("pre", "post"):
        raise ValueError(f"unknown placement {placement!r}")
    d = x.shape[-1]
    with torch.enable_grad():
        h = x.detach().clone().requires_grad_(True)
        states = [h]
        w2s = [w.detach().clone().requires_grad_(True) for w in W2]
        for w1, w2 in zip(W1, w2s, strict=True):
            if placement == "pre":
                h = h + torch.relu(F.layer_norm(h, (d,), eps=eps) @ w1) @ w2
            else:
                h = F.layer_norm(h + torch.relu(h @ w1) @ w2, (d,), eps=eps)
            h.retain_grad()
            states.append(h)
        y = F.layer_norm(h, (d,), eps=eps) if placement == "pre" else h
        torch.autograd.backward((y * grad_y).sum())
    stream = torch.stack([torch.linalg.norm(s.grad) for s in states])
    weights = torch.tensor([torch.linalg.norm(w.grad).item() for w in w2s], dtype=x.dtype)
    return y.detach(), stream, weights
