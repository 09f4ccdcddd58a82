"""Alternative solution: build the PyTorch network and ask it (what you would do in practice)."""

import itertools

import torch
from torch import nn


def count_parameters(layer_sizes, bias=True):
    layers = [
        nn.Linear(n_in, n_out, bias=bias, device=torch.device("meta"))
        for n_in, n_out in itertools.pairwise(layer_sizes)
    ]
    model = nn.Sequential(*layers)
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
