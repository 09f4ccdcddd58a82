"""Mutant: sigmoid(a) = exp(a) / (1 + exp(a)), which is inf / inf = NaN for a above about 709."""

import numpy as np


def _sigmoid(v):
    e = np.exp(v)
    return e / (1.0 + e)


def lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh):
    pre = x @ W_ih.T + b_ih + h @ W_hh.T + b_hh
    a_i, a_f, a_g, a_o = np.split(pre, 4, axis=1)
    i, f, g, o = _sigmoid(a_i), _sigmoid(a_f), np.tanh(a_g), _sigmoid(a_o)
    c_new = f * c + i * g
    return o * np.tanh(c_new), c_new
