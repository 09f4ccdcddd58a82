"""Mutant: uses h0 at every step instead of the previous step's state."""

import numpy as np


def rnn_forward(xs, h0, W_ih, W_hh, b_ih, b_hh):
    outputs = [np.tanh(x_t @ W_ih.T + b_ih + h0 @ W_hh.T + b_hh) for x_t in xs]
    return np.stack(outputs), outputs[-1]
