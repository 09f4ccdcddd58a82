"""Mutant: right values, but `h = h0` aliases the caller's array and `h[:] = ...` overwrites it,
so h0 comes back changed (it ends up holding h_T)."""

import numpy as np


def rnn_forward(xs, h0, W_ih, W_hh, b_ih, b_hh):
    h = h0
    outputs = []
    for x_t in xs:
        h[:] = np.tanh(x_t @ W_ih.T + b_ih + h @ W_hh.T + b_hh)
        outputs.append(h.copy())
    return np.stack(outputs), h.copy()
