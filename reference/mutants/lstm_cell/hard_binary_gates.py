"""Mutant: gates as booleans (pre-activation > 0) instead of sigmoids in (0, 1)."""

import numpy as np


def _sigmoid(v):
    return np.exp(-np.logaddexp(0.0, -v))


def lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh):
    pre = x @ W_ih.T + b_ih + h @ W_hh.T + b_hh
    a_i, a_f, a_g, a_o = np.split(pre, 4, axis=1)
    i, f, o = (a_i > 0).astype(float), (a_f > 0).astype(float), (a_o > 0).astype(float)
    c_new = f * c + i * np.tanh(a_g)
    return o * np.tanh(c_new), c_new
