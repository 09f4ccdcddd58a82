"""Mutant: computes h' from the OLD cell state: h' = o * tanh(c)."""

import numpy as np


def _sigmoid(v):
    return np.exp(-np.logaddexp(0.0, -v))


def lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh):
    pre = x @ W_ih.T + b_ih + h @ W_hh.T + b_hh
    a_i, a_f, a_g, a_o = np.split(pre, 4, axis=1)
    i, f, g, o = _sigmoid(a_i), _sigmoid(a_f), np.tanh(a_g), _sigmoid(a_o)
    c_new = f * c + i * g
    return o * np.tanh(c), c_new
