"""Mutant: the norms are listed in the order the backward pass meets them, top layer first,
instead of bottom (the input, l = 0) first."""

import numpy as np


def _ln(z, eps):
    c = z - z.mean(axis=-1, keepdims=True)
    inv = 1.0 / np.sqrt((c**2).mean(axis=-1, keepdims=True) + eps)
    return c * inv, inv


def _ln_back(g, y, inv):
    return inv * (g - g.mean(axis=-1, keepdims=True) - y * (g * y).mean(axis=-1, keepdims=True))


def residual_norm_stack(x, W1, W2, grad_y, placement, eps=1e-5):
    if placement not in ("pre", "post"):
        raise ValueError("placement must be 'pre' or 'post'")
    h, saved = x, []
    for w1, w2 in zip(W1, W2, strict=True):
        if placement == "pre":
            u, inv = _ln(h, eps)
            a = np.maximum(u @ w1, 0.0)
            h = h + a @ w2
            saved.append((u, inv, a))
        else:
            a = np.maximum(h @ w1, 0.0)
            h, inv = _ln(h + a @ w2, eps)
            saved.append((h, inv, a))
    if placement == "pre":
        y, inv = _ln(h, eps)
        g = _ln_back(grad_y, y, inv)
    else:
        y, g = h, grad_y
    stream, weights = [np.linalg.norm(g)], []
    for layer in reversed(range(len(W1))):
        w1, w2 = W1[layer], W2[layer]
        s, inv, a = saved[layer]
        if placement == "pre":
            weights.append(np.linalg.norm(a.T @ g))
            g = g + _ln_back(((g @ w2.T) * (a > 0)) @ w1.T, s, inv)
        else:
            g_sum = _ln_back(g, s, inv)
            weights.append(np.linalg.norm(a.T @ g_sum))
            g = g_sum + ((g_sum @ w2.T) * (a > 0)) @ w1.T
        stream.append(np.linalg.norm(g))
    return y, np.array(stream), np.array(weights)
