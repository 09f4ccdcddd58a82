"""Mutant of gru_cell: sigmoid(a) = exp(a) / (1 + exp(a)), which is inf / inf = NaN for a above
about 709."""

from __future__ import annotations

import numpy as np


def _sigmoid(v):
    e = np.exp(v)
    return e / (1.0 + e)


def gru_cell(x, h, W_ih, W_hh, b_ih, b_hh):
    gi = x @ W_ih.T + b_ih
    gh = h @ W_hh.T + b_hh
    i_r, i_z, i_n = np.split(gi, 3, axis=1)
    h_r, h_z, h_n = np.split(gh, 3, axis=1)
    r = _sigmoid(i_r + h_r)
    z = _sigmoid(i_z + h_z)
    n = np.tanh(i_n + r * h_n)
    return (1.0 - z) * n + z * h
