"""Reference for `count_parameters`: the trainable parameters of a fully connected network."""

from __future__ import annotations

import itertools

import numpy as np

from quizprep.grading.cases import Case


def reference(layer_sizes: list[int], bias: bool = True) -> int:
    """Each layer n_in -> n_out has an (n_out, n_in) weight matrix and, with bias, n_out biases."""
    total = 0
    for n_in, n_out in itertools.pairwise(layer_sizes):
        total += n_in * n_out + (n_out if bias else 0)
    return int(total)


def oracle(layer_sizes: list[int], bias: bool = True) -> int:
    """Build the nn.Sequential of nn.Linear layers (on the meta device: no memory) and count."""
    import torch
    from torch import nn

    meta = torch.device("meta")
    layers = [
        nn.Linear(n_in, n_out, bias=bias, device=meta)
        for n_in, n_out in itertools.pairwise(layer_sizes)
    ]
    return int(sum(p.numel() for p in nn.Sequential(*layers).parameters()))


def edge_cases() -> list[Case]:
    """Fixed cases: the classic MNIST network, no biases, one layer, single units, no layers."""
    return [
        Case("only an input size (no layers): 0 parameters", ([7],)),
        Case("a chain of single units 1 -> 1 -> 1 -> 1", ([1, 1, 1, 1],)),
        Case("one layer 3 -> 2: a (2, 3) weight and 2 biases", ([3, 2],)),
        Case("logistic regression on 5 features (5 -> 1)", ([5, 1],)),
        Case("bottleneck 100 -> 2 -> 100 without biases", ([100, 2, 100],), {"bias": False}),
        Case(
            "large layers 4096 -> 4096 -> 1000 (a VGG head): about 20.9 million",
            ([4096, 4096, 1000],),
        ),
        Case("MNIST MLP 784 -> 128 -> 10: 101,770 parameters", ([784, 128, 10],)),
        Case("the same network with bias=False: weights only", ([784, 128, 10],), {"bias": False}),
        Case("three hidden layers 2 -> 16 -> 32 -> 16 -> 3", ([2, 16, 32, 16, 3],)),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random depth (1 to 5 layers) and widths, with or without biases."""
    depth = int(rng.integers(1, 6))
    sizes = [int(v) for v in rng.integers(1, 513, size=depth + 1)]
    bias = bool(rng.random() < 0.7)
    name = f"random network #{index}: {' -> '.join(map(str, sizes))}, bias={bias}"
    return Case(name, (sizes,), {"bias": bias})
