"""gru_cell one sample and one gate at a time, with the three gates sliced by name."""

import math

import numpy as np


def _sigmoid(v):
    return 1.0 / (1.0 + math.exp(-v)) if v >= 0 else math.exp(v) / (1.0 + math.exp(v))


def gru_cell(x, h, W_ih, W_hh, b_ih, b_hh):
    N, H = h.shape
    out = np.empty((N, H))
    r_rows, z_rows, n_rows = slice(0, H), slice(H, 2 * H), slice(2 * H, 3 * H)
    for s in range(N):
        a_r = W_ih[r_rows] @ x[s] + b_ih[r_rows] + W_hh[r_rows] @ h[s] + b_hh[r_rows]
        a_z = W_ih[z_rows] @ x[s] + b_ih[z_rows] + W_hh[z_rows] @ h[s] + b_hh[z_rows]
        hidden_n = W_hh[n_rows] @ h[s] + b_hh[n_rows]
        input_n = W_ih[n_rows] @ x[s] + b_ih[n_rows]
        for j in range(H):
            r = _sigmoid(a_r[j])
            z = _sigmoid(a_z[j])
            n = math.tanh(input_n[j] + r * hidden_n[j])
            out[s, j] = n + z * (h[s, j] - n)  # = (1 - z) n + z h
    return out
