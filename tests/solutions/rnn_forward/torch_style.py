"""rnn_forward for torch tensors, with torch.nn.functional.linear and a list of states."""

import torch
import torch.nn.functional as F


def rnn_forward(xs, h0, W_ih, W_hh, b_ih, b_hh):
    h = h0
    states = []
    for x_t in xs.unbind(0):
        h = torch.tanh(F.linear(x_t, W_ih, b_ih) + F.linear(h, W_hh, b_hh))
        states.append(h)
    return torch.stack(states), h
