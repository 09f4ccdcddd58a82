"""Mutant of rnn_bptt: softmax as exp(o) / sum(exp(o)) without subtracting the max, so logits
above about 709 overflow to inf and the loss and gradients become NaN."""

from __future__ import annotations

import numpy as np


def rnn_bptt(xs, ys, h0, U, W, V, b, c):
    T = xs.shape[0]
    hs = [h0]
    probs = []
    loss = 0.0
    for t in range(T):
        hs.append(np.tanh(U @ hs[-1] + W @ xs[t] + b))
        logits = V @ hs[-1] + c
        p = np.exp(logits) / np.exp(logits).sum()  # overflows for large logits
        loss -= np.log(p[ys[t]])
        probs.append(p)

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
    return {"loss": float(loss), "dU": dU, "dW": dW, "dV": dV, "db": db, "dc": dc, "dh0": dh_next}
