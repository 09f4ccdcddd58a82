"""lstm_cell one sample and one unit at a time, with the gate rows sliced by name."""

import math

import numpy as np


def _sigmoid(v):
    return 1.0 / (1.0 + math.exp(-v)) if v >= 0 else math.exp(v) / (1.0 + math.exp(v))


def lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh):
    N, H = h.shape
    h_new, c_new = np.empty((N, H)), np.empty((N, H))
    gate_rows = {name: slice(k * H, (k + 1) * H) for k, name in enumerate("ifgo")}
    for s in range(N):
        pre = {
            name: W_ih[rows] @ x[s] + b_ih[rows] + W_hh[rows] @ h[s] + b_hh[rows]
            for name, rows in gate_rows.items()
        }
        for j in range(H):
            input_gate = _sigmoid(pre["i"][j])
            forget_gate = _sigmoid(pre["f"][j])
            candidate = math.tanh(pre["g"][j])
            output_gate = _sigmoid(pre["o"][j])
            c_new[s, j] = forget_gate * c[s, j] + input_gate * candidate
            h_new[s, j] = output_gate * math.tanh(c_new[s, j])
    return h_new, c_new
