"""Mutant: freezes the head and trains the backbone."""

import numpy as np


def freeze_for_finetuning(W1, b1, W2, b2, x, y, lr, weight_decay=0.0):
    pre = x @ W1.T + b1
    h = np.maximum(0.0, pre)
    logits = h @ W2.T + b2
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    n = len(y)
    loss = -float(log_probs[np.arange(n), y].mean())
    g_logits = np.exp(log_probs)
    g_logits[np.arange(n), y] -= 1.0
    g_logits /= n
    g_pre = (g_logits @ W2) * (pre > 0)
    grads = {
        "W1": g_pre.T @ x,
        "b1": g_pre.sum(axis=0),
        "W2": g_logits.T @ h,
        "b2": g_logits.sum(axis=0),
    }
    params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    new = {k: p - lr * (grads[k] + weight_decay * p) for k, p in params.items()}
    return new["W1"], new["b1"], W2.copy(), b2.copy(), loss
