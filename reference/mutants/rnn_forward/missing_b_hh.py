"""Mutant: a single bias b_ih; the hidden-to-hidden bias b_hh is dropped."""

import numpy as np


def rnn_forward(xs, h0, W_ih, W_hh, b_ih, b_hh):
    h = h0
    outputs = []
    for x_t in xs:
        h = np.tanh(x_t @ W_ih.T + b_ih + h @ W_hh.T)
        outputs.append(h)
    return np.stack(outputs), h
