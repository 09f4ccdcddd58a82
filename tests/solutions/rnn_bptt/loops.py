"""rnn_bptt with explicit Python loops over every index (no matrix products)."""

import math

import numpy as np


def rnn_bptt(xs, ys, h0, U, W, V, b, c):
    T, D = xs.shape
    H, K = h0.shape[0], c.shape[0]
    hs = [[float(v) for v in h0]]
    probs = []
    loss = 0.0
    for t in range(T):
        prev = hs[-1]
        h = []
        for i in range(H):
            a = b[i]
            for j in range(H):
                a += U[i, j] * prev[j]
            for j in range(D):
                a += W[i, j] * xs[t, j]
            h.append(math.tanh(a))
        hs.append(h)
        logits = []
        for k in range(K):
            o = c[k]
            for i in range(H):
                o += V[k, i] * h[i]
            logits.append(o)
        top = max(logits)
        total = sum(math.exp(o - top) for o in logits)
        loss += top + math.log(total) - logits[int(ys[t])]
        probs.append([math.exp(o - top) / total for o in logits])

    dU, dW, dV = np.zeros((H, H)), np.zeros((H, D)), np.zeros((K, H))
    db, dc = np.zeros(H), np.zeros(K)
    carry = [0.0] * H
    for t in range(T - 1, -1, -1):
        h, prev = hs[t + 1], hs[t]
        do = [probs[t][k] - (1.0 if k == int(ys[t]) else 0.0) for k in range(K)]
        da = []
        for i in range(H):
            dh = carry[i]
            for k in range(K):
                dh += V[k, i] * do[k]
            da.append((1.0 - h[i] ** 2) * dh)
        for k in range(K):
            dc[k] += do[k]
            for i in range(H):
                dV[k, i] += do[k] * h[i]
        for i in range(H):
            db[i] += da[i]
            for j in range(H):
                dU[i, j] += da[i] * prev[j]
            for j in range(D):
                dW[i, j] += da[i] * xs[t, j]
        carry = [sum(U[i, j] * da[i] for i in range(H)) for j in range(H)]
    return {"loss": loss, "dU": dU, "dW": dW, "dV": dV, "db": db, "dc": dc, "dh0": np.array(carry)}
