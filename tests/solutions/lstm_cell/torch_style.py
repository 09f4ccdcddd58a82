"""lstm_cell for torch tensors with torch.nn.functional ops (no nn.LSTMCell)."""

import torch
import torch.nn.functional as F


def lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh):
    gates = F.linear(x, W_ih, b_ih) + F.linear(h, W_hh, b_hh)
    i, f, g, o = gates.chunk(4, dim=1)
    c_new = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    return torch.sigmoid(o) * torch.tanh(c_new), c_new
