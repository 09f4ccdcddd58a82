"""Mutant: reads the stacked gates as i, f, o, g instead of PyTorch's i, f, g, o."""

import numpy as np


def _sigmoid(v):
    return np.exp(-np.logaddexp(0.0, -v))


def lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh):
    pre = x @ W_ih.T + b_ih + h @ W_hh.T + b_hh
    a_i, a_f, a_o, a_g = np.split(pre, 4, axis=1)
    i, f, o, g = _sigmoid(a_i), _sigmoid(a_f), _sigmoid(a_o), np.tanh(a_g)
    c_new = f * c + i * g
    return o * np.tanh(c_new), c_new
