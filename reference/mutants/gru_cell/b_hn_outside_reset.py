"""Mutant of gru_cell.

b_hn is added outside the reset product, r * (W_hn h) + b_hn, instead of r * (W_hn h + b_hn).
"""

from __future__ import annotations

import numpy as np


def _sigmoid(v):
    return np.exp(-np.logaddexp(0.0, -v))


def gru_cell(x, h, W_ih, W_hh, b_ih, b_hh):
    gi = x @ W_ih.T + b_ih
    gh = h @ W_hh.T + b_hh
    i_r, i_z, i_n = np.split(gi, 3, axis=1)
    h_r, h_z, _ = np.split(gh, 3, axis=1)
    r = _sigmoid(i_r + h_r)
    z = _sigmoid(i_z + h_z)
    H = h.shape[1]
    n = np.tanh(i_n + r * (h @ W_hh[2 * H :].T) + b_hh[2 * H :])
    return (1.0 - z) * n + z * h
