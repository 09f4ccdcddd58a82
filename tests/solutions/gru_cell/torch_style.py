"""gru_cell for torch tensors with torch.nn.functional ops (no nn.GRUCell)."""

import torch
import torch.nn.functional as F


def gru_cell(x, h, W_ih, W_hh, b_ih, b_hh):
    gi = F.linear(x, W_ih, b_ih)
    gh = F.linear(h, W_hh, b_hh)
    i_r, i_z, i_n = gi.chunk(3, dim=1)
    h_r, h_z, h_n = gh.chunk(3, dim=1)
    r = torch.sigmoid(i_r + h_r)
    z = torch.sigmoid(i_z + h_z)
    n = torch.tanh(i_n + r * h_n)
    return torch.lerp(n, h, z)  # n + z (h - n)
