"""Mutant: stores the state before each update, so outputs are h_0 .. h_{T-1}."""

import numpy as np


def rnn_forward(xs, h0, W_ih, W_hh, b_ih, b_hh):
    h = h0
    outputs = []
    for x_t in xs:
        outputs.append(h)
        h = np.tanh(x_t @ W_ih.T + b_ih + h @ W_hh.T + b_hh)
    return np.stack(outputs), h
