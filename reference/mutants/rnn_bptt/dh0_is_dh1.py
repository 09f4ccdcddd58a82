"""Mutant of rnn_bptt.

Dh0 is the gradient w.r.t. h_1 (dh at the first step) instead of h_0 = U^T da_1.
"""

from __future__ import annotations

import numpy as np


def rnn_bptt(xs, ys, h0, U, W, V, b, c):
    T = xs.shape[0]
    hs = [h0]
    probs = []
    loss = 0.0
    for t in range(T):
        a = U @ hs[-1] + W @ xs[t] + b
        hs.append(np.tanh(a))
        logits = V @ hs[-1] + c
        shifted = logits - logits.max()
        log_probs = shifted - np.log(np.exp(shifted).sum())
        loss -= log_probs[ys[t]]
        probs.append(np.exp(log_probs))

    dU, dW, dV = np.zeros_like(U), np.zeros_like(W), np.zeros_like(V)
    db, dc = np.zeros_like(b), np.zeros_like(c)
    dh_next = np.zeros_like(h0)
    for t in reversed(range(T)):
        h, h_prev = hs[t + 1], hs[t]
        do = probs[t].copy()
        do[ys[t]] -= 1.0
        dV += np.outer(do, h)
        dc += do
        dh = V.T @ do + dh_next
        da = (1.0 - h * h) * dh
        dU += np.outer(da, h_prev)
        dW += np.outer(da, xs[t])
        db += da
        dh_next = U.T @ da
        dh0 = dh  # gradient w.r.t. h_1, not h_0
    return {"loss": float(loss), "dU": dU, "dW": dW, "dV": dV, "db": db, "dc": dc, "dh0": dh0}
