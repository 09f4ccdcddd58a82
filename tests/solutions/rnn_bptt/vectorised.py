"""rnn_bptt that stores the whole forward pass as (T, .) arrays and builds the weight
gradients with one matrix product each after the backward recursion."""

import numpy as np


def rnn_bptt(xs, ys, h0, U, W, V, b, c):
    T = xs.shape[0]
    H = h0.shape[0]
    hs = np.empty((T + 1, H))
    hs[0] = h0
    for t in range(T):
        hs[t + 1] = np.tanh(U @ hs[t] + W @ xs[t] + b)
    logits = hs[1:] @ V.T + c  # (T, K)
    log_z = logits.max(axis=1) + np.log(np.exp(logits - logits.max(axis=1, keepdims=True)).sum(1))
    steps = np.arange(T)
    loss = np.sum(log_z - logits[steps, ys])
    do = np.exp(logits - log_z[:, None])
    do[steps, ys] -= 1.0
    dh_local = do @ V  # (T, H): V^T do_t for every t
    da = np.empty((T, H))
    carry = np.zeros(H)
    for t in range(T - 1, -1, -1):
        da[t] = (1.0 - hs[t + 1] ** 2) * (dh_local[t] + carry)
        carry = U.T @ da[t]
    return {
        "loss": loss,
        "dU": da.T @ hs[:-1],
        "dW": da.T @ xs,
        "dV": do.T @ hs[1:],
        "db": da.sum(axis=0),
        "dc": do.sum(axis=0),
        "dh0": carry,
    }
