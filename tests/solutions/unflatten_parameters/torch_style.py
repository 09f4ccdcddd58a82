"""Alternative solution: PyTorch tensors; torch.split into the parameter shapes of
nn.Sequential(nn.Linear, ...), in the order model.parameters() yields them."""

import itertools

import torch


def unflatten_parameters(theta, layer_sizes):
    if any(n < 1 for n in layer_sizes):
        raise ValueError("layer sizes must be at least 1")
    shapes = []
    for n_in, n_out in itertools.pairwise(layer_sizes):
        shapes += [torch.Size([n_out, n_in]), torch.Size([n_out])]
    counts = [shape.numel() for shape in shapes]
    if theta.numel() != sum(counts):
        raise ValueError(f"theta has {theta.numel()} entries, the layers need {sum(counts)}")
    pieces = [
        piece.reshape(shape)
        for piece, shape in zip(torch.split(theta, counts), shapes, strict=True)
    ]
    return list(zip(pieces[0::2], pieces[1::2], strict=True))
